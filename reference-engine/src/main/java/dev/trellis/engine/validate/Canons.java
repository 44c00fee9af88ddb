package dev.trellis.engine.validate;

import dev.trellis.engine.binary.Canon;
import dev.trellis.engine.binary.CanonDef;
import dev.trellis.engine.binary.CanonOpt;
import dev.trellis.engine.binary.CoreCompType;
import dev.trellis.engine.binary.CoreExternType;
import dev.trellis.engine.binary.CoreValType;
import dev.trellis.engine.binary.Sort;
import dev.trellis.engine.types.FuncType;
import dev.trellis.engine.types.FutureType;
import dev.trellis.engine.types.ResourceType;
import dev.trellis.engine.types.StreamType;
import dev.trellis.engine.types.Type;
import dev.trellis.engine.types.ValType;
import java.util.ArrayList;
import java.util.List;

/**
 * Validation of canonical definitions (CanonicalABI.md#canonical-definitions): option
 * checks, the type of the core function each built-in defines, and {@code canon lift}'s
 * check of its core callee.
 */
final class Canons {
  private static final CoreValType.Num I32 = CoreValType.Num.I32;
  private static final CoreValType.Num I64 = CoreValType.Num.I64;

  private final Scope s;

  Canons(Scope s) {
    this.s = s;
  }

  private InvalidExceptionFactory err(long off) {
    return new InvalidExceptionFactory(off);
  }

  private record InvalidExceptionFactory(long off) {
    dev.trellis.engine.error.InvalidException of(String msg) {
      return Scope.invalid(off, msg);
    }
  }

  /** Where options appear: which are allowed and what they mean. */
  private enum Where { LIFT, LOWER, TASK_RETURN, STREAM_FUTURE, ERROR_CONTEXT }

  void canon(CanonDef def) {
    long off = def.offset();
    Canon c = def.canon();
    switch (c) {
      case Canon.Lift l -> lift(def, l, off);
      case Canon.Lower l -> lower(def, l, off);
      case Canon.ResourceNew r -> {
        ResourceType rt = resource(r.type(), off);
        CoreValType rep = localRep(rt, off);
        core(def, fn(List.of(rep), List.of(I32)), CanonOptions.NONE, null, rt, null);
      }
      case Canon.ResourceDrop r -> {
        if (r.async()) {
          s.require(Feature.CM_ASYNC, off, "`resource.drop async`");
        }
        ResourceType rt = resource(r.type(), off);
        core(def, fn(List.of(I32), List.of()), CanonOptions.NONE, null, rt, null);
      }
      case Canon.ResourceRep r -> {
        ResourceType rt = resource(r.type(), off);
        CoreValType rep = localRep(rt, off);
        core(def, fn(List.of(I32), List.of(rep)), CanonOptions.NONE, null, rt, null);
      }
      case Canon.ContextGet g -> {
        asyncBuiltin("context.get", off);
        CoreValType t = contextType(g.type(), g.slot(), "context.get", off);
        core(def, fn(List.of(), List.of(t)), CanonOptions.NONE, null, null, null);
      }
      case Canon.ContextSet g -> {
        asyncBuiltin("context.set", off);
        CoreValType t = contextType(g.type(), g.slot(), "context.set", off);
        core(def, fn(List.of(t), List.of()), CanonOptions.NONE, null, null, null);
      }
      case Canon.BackpressureSet b -> {
        asyncBuiltin("backpressure.set", off);
        core(def, fn(List.of(I32), List.of()), CanonOptions.NONE, null, null, null);
      }
      case Canon.BackpressureInc b -> {
        asyncBuiltin("backpressure.inc", off);
        core(def, fn(List.of(), List.of()), CanonOptions.NONE, null, null, null);
      }
      case Canon.BackpressureDec b -> {
        asyncBuiltin("backpressure.dec", off);
        core(def, fn(List.of(), List.of()), CanonOptions.NONE, null, null, null);
      }
      case Canon.TaskReturn t -> taskReturn(def, t, off);
      case Canon.TaskCancel t -> {
        asyncBuiltin("task.cancel", off);
        core(def, fn(List.of(), List.of()), CanonOptions.NONE, null, null, null);
      }
      case Canon.SubtaskCancel t -> {
        asyncBuiltin("subtask.cancel", off);
        if (t.async()) {
          moreAsync("`subtask.cancel async`", off);
        }
        core(def, fn(List.of(I32), List.of(I32)), CanonOptions.NONE, null, null, null);
      }
      case Canon.SubtaskDrop t -> {
        asyncBuiltin("subtask.drop", off);
        core(def, fn(List.of(I32), List.of()), CanonOptions.NONE, null, null, null);
      }
      case Canon.StreamNew t -> {
        asyncBuiltin("stream.new", off);
        StreamType st = stream(t.type(), "stream.new", off);
        core(def, fn(List.of(), List.of(I64)), CanonOptions.NONE, null, null, st);
      }
      case Canon.StreamRead t -> streamCopy(def, t.type(), t.opts(), true, off);
      case Canon.StreamWrite t -> streamCopy(def, t.type(), t.opts(), false, off);
      case Canon.StreamCancelRead t -> cancel(def, stream(t.type(), "stream.cancel-read", off), t.async(), "stream.cancel-read", off);
      case Canon.StreamCancelWrite t -> cancel(def, stream(t.type(), "stream.cancel-write", off), t.async(), "stream.cancel-write", off);
      case Canon.StreamDropReadable t -> {
        asyncBuiltin("stream.drop-readable", off);
        core(def, fn(List.of(I32), List.of()), CanonOptions.NONE, null, null, stream(t.type(), "stream.drop-readable", off));
      }
      case Canon.StreamDropWritable t -> {
        asyncBuiltin("stream.drop-writable", off);
        core(def, fn(List.of(I32), List.of()), CanonOptions.NONE, null, null, stream(t.type(), "stream.drop-writable", off));
      }
      case Canon.FutureNew t -> {
        asyncBuiltin("future.new", off);
        FutureType ft = future(t.type(), "future.new", off);
        core(def, fn(List.of(), List.of(I64)), CanonOptions.NONE, null, null, ft);
      }
      case Canon.FutureRead t -> futureCopy(def, t.type(), t.opts(), true, off);
      case Canon.FutureWrite t -> futureCopy(def, t.type(), t.opts(), false, off);
      case Canon.FutureCancelRead t -> cancel(def, future(t.type(), "future.cancel-read", off), t.async(), "future.cancel-read", off);
      case Canon.FutureCancelWrite t -> cancel(def, future(t.type(), "future.cancel-write", off), t.async(), "future.cancel-write", off);
      case Canon.FutureDropReadable t -> {
        asyncBuiltin("future.drop-readable", off);
        core(def, fn(List.of(I32), List.of()), CanonOptions.NONE, null, null, future(t.type(), "future.drop-readable", off));
      }
      case Canon.FutureDropWritable t -> {
        asyncBuiltin("future.drop-writable", off);
        core(def, fn(List.of(I32), List.of()), CanonOptions.NONE, null, null, future(t.type(), "future.drop-writable", off));
      }
      case Canon.ErrorContextNew e -> {
        errorContext("error-context.new", off);
        CanonOptions o = options(e.opts(), Where.ERROR_CONTEXT, off);
        if (o.memory() == null) {
          throw err(off).of("canonical option `memory` is required");
        }
        CoreValType p = ptr(o);
        core(def, fn(List.of(p, p), List.of(I32)), o, null, null, null);
      }
      case Canon.ErrorContextDebugMessage e -> {
        errorContext("error-context.debug-message", off);
        CanonOptions o = options(e.opts(), Where.ERROR_CONTEXT, off);
        if (o.memory() == null) {
          throw err(off).of("canonical option `memory` is required");
        }
        if (o.realloc() == null) {
          throw err(off).of("canonical option `realloc` is required");
        }
        core(def, fn(List.of(I32, ptr(o)), List.of()), o, null, null, null);
      }
      case Canon.ErrorContextDrop e -> {
        errorContext("error-context.drop", off);
        core(def, fn(List.of(I32), List.of()), CanonOptions.NONE, null, null, null);
      }
      case Canon.WaitableSetNew w -> {
        asyncBuiltin("waitable-set.new", off);
        core(def, fn(List.of(), List.of(I32)), CanonOptions.NONE, null, null, null);
      }
      case Canon.WaitableSetWait w -> waitableSet(def, w.cancellable(), w.memory(), "waitable-set.wait", off);
      case Canon.WaitableSetPoll w -> waitableSet(def, w.cancellable(), w.memory(), "waitable-set.poll", off);
      case Canon.WaitableSetDrop w -> {
        asyncBuiltin("waitable-set.drop", off);
        core(def, fn(List.of(I32), List.of()), CanonOptions.NONE, null, null, null);
      }
      case Canon.WaitableJoin w -> {
        asyncBuiltin("waitable.join", off);
        core(def, fn(List.of(I32, I32), List.of()), CanonOptions.NONE, null, null, null);
      }
      case Canon.ThreadYield t -> {
        asyncBuiltin("thread.yield", off);
        if (t.cancellable()) {
          cancellable("thread.yield", off);
        }
        core(def, fn(List.of(), List.of(I32)), CanonOptions.NONE, null, null, null);
      }
      case Canon.ThreadIndex t -> {
        threading("thread.index", off);
        core(def, fn(List.of(), List.of(I32)), CanonOptions.NONE, null, null, null);
      }
      case Canon.ThreadNewIndirect t -> {
        threading("thread.new-indirect", off);
        CoreCompType.Func ft = s.coreFuncType(s.coreTypes, t.coreType(), off);
        CoreValType closure = closureParam(ft, "thread.new-indirect", off);
        CoreExternType.Table tbl = s.get(s.coreTables, t.table(), Sort.CORE_TABLE, off);
        if (!Subtyping.valMatches(tbl.element(), CoreValType.Ref.FUNCREF)) {
          throw err(off).of("expected table element type funcref, found " + Subtyping.coreVal(tbl.element()));
        }
        CoreValType idx = tbl.limits().is64() ? I64 : I32;
        core(def, fn(List.of(idx, closure), List.of(I32)), CanonOptions.NONE, null, null, null);
      }
      case Canon.ThreadResumeLater t -> {
        threading("thread.resume-later", off);
        core(def, fn(List.of(I32), List.of()), CanonOptions.NONE, null, null, null);
      }
      case Canon.ThreadSuspend t -> {
        threading("thread.suspend", off);
        core(def, fn(List.of(), List.of(I32)), CanonOptions.NONE, null, null, null);
      }
      case Canon.ThreadSuspendThenResume t -> {
        threading("thread.suspend-then-resume", off);
        core(def, fn(List.of(I32), List.of(I32)), CanonOptions.NONE, null, null, null);
      }
      case Canon.ThreadYieldThenResume t -> {
        threading("thread.yield-then-resume", off);
        core(def, fn(List.of(I32), List.of(I32)), CanonOptions.NONE, null, null, null);
      }
      case Canon.ThreadSuspendThenPromote t -> {
        threading("thread.suspend-then-promote", off);
        core(def, fn(List.of(I32), List.of(I32)), CanonOptions.NONE, null, null, null);
      }
      case Canon.ThreadYieldThenPromote t -> {
        threading("thread.yield-then-promote", off);
        core(def, fn(List.of(I32), List.of(I32)), CanonOptions.NONE, null, null, null);
      }
      case Canon.ThreadSpawnRef t -> {
        sharedEverything("thread.spawn-ref", off);
        CoreCompType.Func ft = s.coreFuncType(s.coreTypes, t.coreType(), off);
        CoreValType closure = closureParam(ft, "thread.spawn-ref", off);
        core(def, fn(List.of(CoreValType.Ref.concrete(true, t.coreType()), closure), List.of(I32)), CanonOptions.NONE, null, null, null);
      }
      case Canon.ThreadSpawnIndirect t -> {
        sharedEverything("thread.spawn-indirect", off);
        CoreCompType.Func ft = s.coreFuncType(s.coreTypes, t.coreType(), off);
        CoreValType closure = closureParam(ft, "thread.spawn-indirect", off);
        CoreExternType.Table tbl = s.get(s.coreTables, t.table(), Sort.CORE_TABLE, off);
        if (!(tbl.element() instanceof CoreValType.Ref r) || !r.nullable()
            || (r.isConcrete() ? false : r.heap() != CoreValType.Ref.FUNC)) {
          throw err(off).of("expected table element type funcref, found " + Subtyping.coreVal(tbl.element()));
        }
        CoreValType idx = tbl.limits().is64() ? I64 : I32;
        core(def, fn(List.of(idx, closure), List.of(I32)), CanonOptions.NONE, null, null, null);
      }
      case Canon.ThreadAvailableParallelism t -> {
        sharedEverything("thread.available-parallelism", off);
        core(def, fn(List.of(), List.of(I32)), CanonOptions.NONE, null, null, null);
      }
    }
  }

  // ---- feature gates ----

  private void asyncBuiltin(String name, long off) {
    if (!s.has(Feature.CM_ASYNC)) {
      throw err(off).of("`" + name + "` requires the component model async feature (`cm-async`)");
    }
  }

  private void moreAsync(String what, long off) {
    if (!s.has(Feature.CM_MORE_ASYNC_BUILTINS)) {
      throw err(off).of(what + " requires the component model more async builtins feature (`cm-more-async-builtins`)");
    }
  }

  private void cancellable(String name, long off) {
    // 🚝/🧵: cancellable waits are part of the async builtins
    asyncBuiltin(name, off);
  }

  private void threading(String name, long off) {
    if (!s.has(Feature.CM_THREADING)) {
      throw err(off).of("`" + name + "` requires the component model threading feature (`cm-threading`)");
    }
  }

  private void sharedEverything(String name, long off) {
    if (!s.has(Feature.SHARED_EVERYTHING_THREADS)) {
      throw err(off).of("`" + name + "` requires the shared-everything-threads proposal to be enabled");
    }
  }

  private void errorContext(String name, long off) {
    if (!s.has(Feature.CM_ERROR_CONTEXT)) {
      throw err(off).of("`" + name + "` requires the component model error-context feature (`cm-error-context`)");
    }
  }

  // ---- helpers ----

  private static CoreCompType.Func fn(List<? extends CoreValType> params, List<? extends CoreValType> results) {
    return new CoreCompType.Func(new ArrayList<>(params), new ArrayList<>(results));
  }

  private static CoreValType ptr(CanonOptions o) {
    return o.memory64() ? I64 : I32;
  }

  /** Records a canonical definition that creates a core function of type {@code t}. */
  private void core(CanonDef def, CoreCompType.Func t, CanonOptions o, FuncType ft, ResourceType r, ValType operand) {
    int index = s.coreFuncs.size();
    if (index >= Scope.MAX_INDEX_SPACE) {
      throw err(def.offset()).of("core functions count exceeds limit");
    }
    s.coreFuncs.add(t);
    s.canons.add(new CanonInfo(def, Sort.CORE_FUNC, index, ft, t, o, r, operand));
  }

  private ResourceType resource(int typeIndex, long off) {
    Type t = s.get(s.types, typeIndex, Sort.TYPE, off);
    if (!(t instanceof ResourceType r)) {
      throw err(off).of("type index " + typeIndex + " is not a resource type");
    }
    return r;
  }

  private CoreValType localRep(ResourceType rt, long off) {
    ResourceInfo info = s.localResources.get(rt);
    if (info == null) {
      throw err(off).of("not a local resource: `resource.new` and `resource.rep` may only be used with a resource type"
          + " defined by this component, not an imported or aliased one");
    }
    return info.rep();
  }

  private CoreValType contextType(CoreValType t, int slot, String name, long off) {
    if (t == I64) {
      if (!s.has(Feature.CM64)) {
        throw err(off).of("64-bit `" + name + "` requires the component model 64-bit feature (`cm64`)");
      }
    } else if (t != I32) {
      throw err(off).of("`" + name + "` only supports `i32` or `i64`, found " + Subtyping.coreVal(t));
    }
    int max = s.has(Feature.CM_THREADING) ? 2 : 1;
    if (Integer.toUnsignedLong(slot) >= max) {
      throw err(off).of(max == 1 ? "immediate must be zero: " + Integer.toUnsignedString(slot)
          : "immediate must be zero or one: " + Integer.toUnsignedString(slot));
    }
    Scope cs = s.componentScope();
    if (cs.contextType == null) {
      cs.contextType = t;
    } else if (!cs.contextType.equals(t)) {
      throw err(off).of("type must match previous context type: all `context.get` and `context.set` in a component"
          + " must use the same type (" + Subtyping.coreVal(cs.contextType) + ")");
    }
    return t;
  }

  private CoreValType closureParam(CoreCompType.Func ft, String name, long off) {
    boolean ok = ft.results().isEmpty() && ft.params().size() == 1
        && (ft.params().get(0) == I32 || (ft.params().get(0) == I64 && s.has(Feature.CM64)));
    if (!ok) {
      throw err(off).of("`" + name + "` start function must take a single `i32` argument, found "
          + Subtyping.coreFunc(ft));
    }
    return ft.params().get(0);
  }

  private StreamType stream(int typeIndex, String name, long off) {
    Type t = s.get(s.types, typeIndex, Sort.TYPE, off);
    if (!(t instanceof StreamType st)) {
      throw err(off).of("`" + name + "` requires a stream type");
    }
    return st;
  }

  private FutureType future(int typeIndex, String name, long off) {
    Type t = s.get(s.types, typeIndex, Sort.TYPE, off);
    if (!(t instanceof FutureType ft)) {
      throw err(off).of("`" + name + "` requires a future type");
    }
    return ft;
  }

  // ---- options ----

  private CanonOptions options(List<CanonOpt> opts, Where where, long off) {
    CanonOpt.StringEncoding enc = null;
    Integer memory = null;
    boolean mem64 = false;
    Integer realloc = null;
    Integer postReturn = null;
    boolean async = false;
    Integer callback = null;
    Integer coreType = null;
    boolean gc = false;
    for (CanonOpt o : opts) {
      switch (o) {
        case CanonOpt.StringEncoding e -> {
          if (enc != null) {
            throw err(off).of("canonical encoding option `" + encName(enc) + "` conflicts with option `" + encName(e) + "`");
          }
          enc = e;
        }
        case CanonOpt.Memory m -> {
          if (memory != null) {
            throw err(off).of("canonical option `memory` is specified more than once");
          }
          CoreExternType.Memory mt = s.get(s.coreMemories, m.index(), Sort.CORE_MEMORY, off);
          checkAbiMemory(mt, off);
          memory = m.index();
          mem64 = mt.limits().is64();
        }
        case CanonOpt.Realloc r -> {
          if (realloc != null) {
            throw err(off).of("canonical option `realloc` is specified more than once");
          }
          s.get(s.coreFuncs, r.index(), Sort.CORE_FUNC, off);
          realloc = r.index();
        }
        case CanonOpt.PostReturn p -> {
          if (postReturn != null) {
            throw err(off).of("canonical option `post-return` is specified more than once");
          }
          s.get(s.coreFuncs, p.index(), Sort.CORE_FUNC, off);
          postReturn = p.index();
        }
        case CanonOpt.Async a -> {
          if (async) {
            throw err(off).of("canonical option `async` is specified more than once");
          }
          if (!s.has(Feature.CM_ASYNC)) {
            throw err(off).of("canonical option `async` requires the component model async feature (`cm-async`)");
          }
          async = true;
        }
        case CanonOpt.Callback cb -> {
          if (callback != null) {
            throw err(off).of("canonical option `callback` is specified more than once");
          }
          if (!s.has(Feature.CM_ASYNC)) {
            throw err(off).of("canonical option `callback` requires the component model async feature (`cm-async`)");
          }
          s.get(s.coreFuncs, cb.index(), Sort.CORE_FUNC, off);
          callback = cb.index();
        }
        case CanonOpt.CoreType ct -> {
          if (coreType != null) {
            throw err(off).of("canonical option `core-type` is specified more than once");
          }
          if (!s.has(Feature.CM_GC)) {
            throw err(off).of("canonical option `core-type` requires the component model gc feature (`cm-gc`)");
          }
          coreType = ct.index();
        }
        case CanonOpt.Gc g -> {
          if (gc) {
            throw err(off).of("canonical option `gc` is specified more than once");
          }
          if (!s.has(Feature.CM_GC)) {
            throw err(off).of("canonical option `gc` requires the component model gc feature (`cm-gc`)");
          }
          gc = true;
        }
      }
    }
    CanonOptions o = new CanonOptions(enc == null ? CanonOpt.StringEncoding.UTF8 : enc, memory, mem64, realloc, postReturn,
        async, callback, coreType, gc);
    if (callback != null && !async) {
      throw err(off).of("cannot specify callback without async");
    }
    // where each option may appear
    switch (where) {
      case LIFT -> {}
      case LOWER -> {
        if (postReturn != null) {
          throw err(off).of("canonical option `post-return` cannot be specified for lowerings");
        }
        if (callback != null) {
          throw err(off).of("canonical option `callback` cannot be specified for lowerings");
        }
      }
      case TASK_RETURN -> {
        if (realloc != null) {
          throw err(off).of("cannot specify `realloc` option on `task.return`");
        }
        if (postReturn != null) {
          throw err(off).of("cannot specify `post-return` option on `task.return`");
        }
        if (async) {
          throw err(off).of("cannot specify `async` option on `task.return`");
        }
        if (callback != null) {
          throw err(off).of("cannot specify `callback` option on `task.return`");
        }
      }
      case STREAM_FUTURE, ERROR_CONTEXT -> {
        if (postReturn != null) {
          throw err(off).of("cannot specify `post-return` option on this built-in");
        }
        if (callback != null) {
          throw err(off).of("cannot specify `callback` option on this built-in");
        }
        if (where == Where.ERROR_CONTEXT && async) {
          throw err(off).of("cannot specify `async` option on this built-in");
        }
      }
    }
    if (realloc != null) {
      if (memory == null) {
        throw err(off).of("canonical option `realloc` requires `memory` to also be specified");
      }
      CoreValType p = ptr(o);
      CoreCompType.Func expected = fn(List.of(p, p, p, p), List.of(p));
      CoreCompType.Func actual = s.coreFuncs.get(realloc);
      if (!actual.equals(expected)) {
        throw err(off).of("canonical option `realloc` uses a core function with an incorrect signature\nexpected: "
            + Subtyping.coreFunc(expected) + "\nfound: " + Subtyping.coreFunc(actual));
      }
    }
    if (callback != null) {
      if (!async) {
        throw err(off).of("cannot specify callback without async");
      }
      CoreCompType.Func expected = fn(List.of(I32, I32, I32), List.of(I32));
      CoreCompType.Func actual = s.coreFuncs.get(callback);
      if (!actual.equals(expected)) {
        throw err(off).of("canonical option `callback` uses a core function with an incorrect signature\nexpected: "
            + Subtyping.coreFunc(expected) + "\nfound: " + Subtyping.coreFunc(actual));
      }
    }
    if (postReturn != null && async) {
      throw err(off).of("cannot specify post-return function in async");
    }
    if (coreType != null && !gc) {
      throw err(off).of("cannot specify `core-type` without `gc`");
    }
    return o;
  }

  /** The {@code memory} option's memory must be a subtype of {@code (memory 0)} (🐘 or {@code (memory i64 0)}). */
  private void checkAbiMemory(CoreExternType.Memory mt, long off) {
    if (mt.limits().is64() && !s.has(Feature.CM64)) {
      throw err(off).of("64-bit memories require the `cm64` feature to be enabled");
    }
    if (mt.limits().shared()) {
      throw err(off).of("mismatch in the shared flag for memories: the canonical ABI memory must not be shared");
    }
    if (mt.limits().pageSizeLog2() != null && mt.limits().pageSizeLog2() != 16) {
      throw err(off).of("mismatch in page size for memories: the canonical ABI memory must use 64KiB pages");
    }
  }

  private static String encName(CanonOpt.StringEncoding e) {
    return switch (e) {
      case UTF8 -> "utf8";
      case UTF16 -> "utf16";
      case LATIN1_UTF16 -> "latin1-utf16";
    };
  }

  private void requireMemory(CanonOptions o, long off) {
    if (o.memory() == null) {
      throw err(off).of("canonical option `memory` is required");
    }
  }

  private void requireRealloc(CanonOptions o, long off) {
    requireMemory(o, off);
    if (o.realloc() == null) {
      throw err(off).of("canonical option `realloc` is required");
    }
  }

  /** {@code flatten_functype(opts, ft, context)} (CanonicalABI.md#flattening). */
  static CoreCompType.Func flattenFunc(FuncType ft, CanonOptions o, boolean lift) {
    boolean p64 = o.memory64();
    CoreValType.Num ptr = p64 ? I64 : I32;
    List<CoreValType> params = new ArrayList<>(Abi.flattenAll(Abi.paramTypes(ft), p64, Abi.MAX_FLAT_PARAMS));
    List<CoreValType> results = new ArrayList<>(Abi.flattenAll(ft.results(), p64, Abi.MAX_FLAT_PARAMS));
    if (!o.async()) {
      if (params.size() > Abi.MAX_FLAT_PARAMS) {
        params = new ArrayList<>(List.of(ptr));
      }
      if (results.size() > Abi.MAX_FLAT_RESULTS) {
        if (lift) {
          results = new ArrayList<>(List.of(ptr));
        } else {
          params.add(ptr);
          results = new ArrayList<>();
        }
      }
    } else if (lift) {
      if (params.size() > Abi.MAX_FLAT_PARAMS) {
        params = new ArrayList<>(List.of(ptr));
      }
      results = o.callback() != null ? new ArrayList<>(List.of(I32)) : new ArrayList<>();
    } else {
      if (params.size() > Abi.MAX_FLAT_ASYNC_PARAMS) {
        params = new ArrayList<>(List.of(ptr));
      }
      if (!results.isEmpty()) {
        params.add(ptr);
      }
      results = new ArrayList<>(List.of(I32));
    }
    return new CoreCompType.Func(params, results);
  }

  private static String flatList(List<CoreValType> vs) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < vs.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(Subtyping.coreVal(vs.get(i)).toUpperCase(java.util.Locale.ROOT));
    }
    return sb.append(']').toString();
  }

  // ---- lift / lower ----

  private void lift(CanonDef def, Canon.Lift l, long off) {
    CoreCompType.Func callee = s.get(s.coreFuncs, l.coreFunc(), Sort.CORE_FUNC, off);
    CanonOptions o = options(l.opts(), Where.LIFT, off);
    Type t = s.get(s.types, l.type(), Sort.TYPE, off);
    if (!(t instanceof FuncType ft)) {
      throw err(off).of("type index " + l.type() + " is not a function type");
    }
    if (o.async()) {
      if (!ft.async()) {
        throw err(off).of("the `async` canonical option requires an async function type");
      }
      if (o.callback() == null && !s.has(Feature.CM_ASYNC_STACKFUL)) {
        throw err(off).of("async lifts without a `callback` (stackful) require the `cm-async-stackful` feature");
      }
    }
    List<ValType> params = Abi.paramTypes(ft);
    boolean paramsNeedMemory = params.stream().anyMatch(Abi::needsMemory);
    boolean resultNeedsMemory = Abi.needsMemory(ft.result());
    int flatParams = Abi.flattenAll(params, o.memory64(), Abi.MAX_FLAT_PARAMS).size();
    int flatResults = Abi.flattenAll(ft.results(), o.memory64(), Abi.MAX_FLAT_PARAMS).size();
    int maxResults = o.async() ? Abi.MAX_FLAT_PARAMS : Abi.MAX_FLAT_RESULTS;
    if (o.gc()) {
      if (o.coreType() != null) {
        throw err(off).of("canonical option `core-type` is not allowed in `canon lift`");
      }
    } else {
      if (resultNeedsMemory || flatResults > maxResults) {
        requireMemory(o, off);
      }
      if (paramsNeedMemory || flatParams > Abi.MAX_FLAT_PARAMS) {
        requireRealloc(o, off);
      }
    }
    CoreCompType.Func expected;
    if (o.gc()) {
      GcAbi.checkCallee(s, ft, callee, o, l.coreFunc(), off);
      expected = callee;
    } else {
      expected = flattenFunc(ft, o, true);
      if (!expected.equals(callee)) {
        if (!expected.params().equals(callee.params())) {
          throw err(off).of("lowered parameter types `" + flatList(expected.params()) + "` do not match parameter types `"
              + flatList(callee.params()) + "` of core function " + l.coreFunc());
        }
        throw err(off).of("lowered result types `" + flatList(expected.results()) + "` do not match result types `"
            + flatList(callee.results()) + "` of core function " + l.coreFunc());
      }
    }
    if (o.postReturn() != null) {
      CoreCompType.Func pr = s.coreFuncs.get(o.postReturn());
      CoreCompType.Func want = fn(expected.results(), List.of());
      if (!pr.equals(want)) {
        throw err(off).of("canonical option `post-return` uses a core function with an incorrect signature\nexpected: "
            + Subtyping.coreFunc(want) + "\nfound: " + Subtyping.coreFunc(pr));
      }
    }
    int index = s.funcs.size();
    if (index >= Scope.MAX_INDEX_SPACE) {
      throw err(off).of("functions count exceeds limit");
    }
    s.funcs.add(ft);
    s.canons.add(new CanonInfo(def, Sort.FUNC, index, ft, callee, o, null, null));
  }

  private void lower(CanonDef def, Canon.Lower l, long off) {
    FuncType ft = s.get(s.funcs, l.func(), Sort.FUNC, off);
    CanonOptions o = options(l.opts(), Where.LOWER, off);
    if (o.async() && !ft.async()) {
      throw err(off).of("the `async` canonical option requires an async function type");
    }
    // CanonicalABI.md also asks for `memory` whenever `async` is given; the suites (and
    // wasm-tools) only require it when something is passed through memory, as below.
    List<ValType> params = Abi.paramTypes(ft);
    if (!o.gc()) {
      boolean paramsNeedMemory = params.stream().anyMatch(Abi::needsMemory);
      boolean resultNeedsMemory = Abi.needsMemory(ft.result());
      int flatParams = Abi.flattenAll(params, o.memory64(), Abi.MAX_FLAT_PARAMS).size();
      int flatResults = Abi.flattenAll(ft.results(), o.memory64(), Abi.MAX_FLAT_PARAMS).size();
      int maxParams = o.async() ? Abi.MAX_FLAT_ASYNC_PARAMS : Abi.MAX_FLAT_PARAMS;
      int maxResults = o.async() ? 0 : Abi.MAX_FLAT_RESULTS;
      if (paramsNeedMemory || flatParams > maxParams || flatResults > maxResults) {
        requireMemory(o, off);
      }
      if (resultNeedsMemory) {
        requireRealloc(o, off);
      }
    } else if (o.coreType() == null) {
      throw err(off).of("cannot specify `gc` without also specifying a `core-type` for lowerings");
    }
    CoreCompType.Func t = o.gc() ? GcAbi.lowerType(s, ft, o, off) : flattenFunc(ft, o, false);
    core(def, t, o, ft, null, null);
  }

  // ---- async built-ins ----

  private void taskReturn(CanonDef def, Canon.TaskReturn t, long off) {
    asyncBuiltin("task.return", off);
    ValType r = t.result() == null ? null : s.valType(t.result(), off);
    CanonOptions o = options(t.opts(), Where.TASK_RETURN, off);
    List<FuncType.Param> ps = r == null ? List.of() : List.of(new FuncType.Param("result", r));
    FuncType asParams = new FuncType(false, ps, null);
    if (r != null && Abi.needsMemory(r)) {
      requireMemory(o, off);
    }
    int flat = Abi.flattenAll(Abi.paramTypes(asParams), o.memory64(), Abi.MAX_FLAT_PARAMS).size();
    if (flat > Abi.MAX_FLAT_PARAMS) {
      requireMemory(o, off);
    }
    CoreCompType.Func core = flattenFunc(asParams, o, false);
    core(def, core, o, new FuncType(false, List.of(), r), null, null);
  }

  private void streamCopy(CanonDef def, int typeIndex, List<CanonOpt> opts, boolean read, long off) {
    String name = read ? "stream.read" : "stream.write";
    asyncBuiltin(name, off);
    StreamType st = stream(typeIndex, name, off);
    CanonOptions o = options(opts, Where.STREAM_FUTURE, off);
    if (!o.async()) {
      moreAsync("`" + name + "` without `async`", off);
    }
    if (st.element() != null) {
      requireMemory(o, off);
      if (read && Abi.needsMemory(st.element())) {
        requireRealloc(o, off);
      }
    }
    CoreValType p = ptr(o);
    core(def, fn(List.of(I32, p, p), List.of(p)), o, null, null, st);
  }

  private void futureCopy(CanonDef def, int typeIndex, List<CanonOpt> opts, boolean read, long off) {
    String name = read ? "future.read" : "future.write";
    asyncBuiltin(name, off);
    FutureType ft = future(typeIndex, name, off);
    CanonOptions o = options(opts, Where.STREAM_FUTURE, off);
    if (!o.async()) {
      moreAsync("`" + name + "` without `async`", off);
    }
    if (ft.element() != null) {
      requireMemory(o, off);
      if (read && Abi.needsMemory(ft.element())) {
        requireRealloc(o, off);
      }
    }
    core(def, fn(List.of(I32, ptr(o)), List.of(I32)), o, null, null, ft);
  }

  private void cancel(CanonDef def, ValType operand, boolean async, String name, long off) {
    asyncBuiltin(name, off);
    if (async) {
      moreAsync("`" + name + " async`", off);
    }
    core(def, fn(List.of(I32), List.of(I32)), CanonOptions.NONE, null, null, operand);
  }

  private void waitableSet(CanonDef def, boolean cancellable, int memory, String name, long off) {
    asyncBuiltin(name, off);
    CoreExternType.Memory mt = s.get(s.coreMemories, memory, Sort.CORE_MEMORY, off);
    checkAbiMemory(mt, off);
    CoreValType p = mt.limits().is64() ? I64 : I32;
    CanonOptions o = new CanonOptions(CanonOpt.StringEncoding.UTF8, memory, mt.limits().is64(), null, null, false, null, null, false);
    core(def, fn(List.of(I32, p), List.of(I32)), o, null, null, null);
  }
}

package dev.trellis.engine.link;

import dev.trellis.engine.abi.CanonicalAbi;
import dev.trellis.engine.abi.CanonicalOptions;
import dev.trellis.engine.abi.ComponentInstance;
import dev.trellis.engine.abi.CoreValueIter;
import dev.trellis.engine.abi.Handles;
import dev.trellis.engine.abi.LiftLowerContext;
import dev.trellis.engine.abi.LiftLowerValues;
import dev.trellis.engine.abi.RuntimeResourceType;
import dev.trellis.engine.abi.StringHints;
import dev.trellis.engine.abi.Subtask;
import dev.trellis.engine.abi.Traps;
import dev.trellis.engine.binary.Alias;
import dev.trellis.engine.binary.Canon;
import dev.trellis.engine.binary.CanonDef;
import dev.trellis.engine.binary.CoreInstance;
import dev.trellis.engine.binary.DefType;
import dev.trellis.engine.binary.Export;
import dev.trellis.engine.binary.ExternDesc;
import dev.trellis.engine.binary.Import;
import dev.trellis.engine.binary.Instance;
import dev.trellis.engine.binary.Section;
import dev.trellis.engine.binary.Sort;
import dev.trellis.engine.binary.TypeDef;
import dev.trellis.engine.core.CoreExports;
import dev.trellis.engine.core.CoreExtern;
import dev.trellis.engine.core.CoreFunc;
import dev.trellis.engine.core.CoreMemory;
import dev.trellis.engine.core.CoreModule;
import dev.trellis.engine.core.SyntheticCoreInstance;
import dev.trellis.engine.error.LinkException;
import dev.trellis.engine.error.TrapKind;
import dev.trellis.engine.runtime.Store;
import dev.trellis.engine.runtime.Val;
import dev.trellis.engine.types.ResourceType;
import dev.trellis.engine.types.Type;
import dev.trellis.engine.validate.CanonInfo;
import dev.trellis.engine.validate.CanonOptions;
import dev.trellis.engine.validate.ResourceInfo;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Instantiates a component (Explainer.md#instance-definitions): walks its sections in order,
 * appending run-time values to the index spaces as validation appended types, instantiating
 * core modules and nested components, and turning every canonical definition into a run-time
 * function — {@code canon lift} ({@link LiftedFunc}), {@code canon lower}
 * ({@link #canonLower}), and the built-ins.
 */
final class Instantiator {
  private Instantiator() {}

  static InstanceDef instantiate(Component component, Env outer, Map<String, Object> args, ComponentInstance parent,
      Store<?> store) {
    String name = outer == null ? "root" : "nested";
    ComponentInstance inst = new ComponentInstance(parent, name);
    Env env = new Env(component, outer, inst);
    Map<String, Object> exports = new LinkedHashMap<>();
    for (Section s : env.info.component().sections()) {
      switch (s) {
        case Section.Custom c -> {}
        case Section.CoreModule m -> env.add(Sort.CORE_MODULE, component.module(m));
        case Section.CoreInstances ci -> {
          for (CoreInstance c : ci.items()) {
            env.add(Sort.CORE_INSTANCE, coreInstance(env, c, store));
          }
        }
        case Section.CoreTypes ct -> {}
        case Section.NestedComponent n -> env.add(Sort.COMPONENT, new ComponentDef(component.nested(n), env));
        case Section.Instances is -> {
          for (Instance i : is.items()) {
            env.add(Sort.INSTANCE, instance(env, i, store));
          }
        }
        case Section.Aliases as -> {
          for (Alias a : as.items()) {
            alias(env, a);
          }
        }
        case Section.Types ts -> {
          for (TypeDef t : ts.items()) {
            type(env, t);
          }
        }
        case Section.Canons cs -> {
          for (CanonDef c : cs.items()) {
            canon(env, c);
          }
        }
        case Section.Start st -> throw new LinkException("start functions (🪙 component values) are not supported");
        case Section.Imports is -> {
          for (Import i : is.items()) {
            Object v = args.get(i.name().name());
            if (v == null) {
              throw new LinkException("missing import named `" + i.name().name() + "`");
            }
            env.add(i.desc().sort(), v);
          }
        }
        case Section.Exports es -> {
          for (Export e : es.items()) {
            Object v = env.get(e.item().sort(), e.item().index());
            exports.put(e.name().name(), v);
            env.add(e.item().sort(), v);
          }
        }
        case Section.Values vs -> throw new LinkException("component values (🪙) are not supported");
      }
    }
    return new InstanceDef(exports, inst);
  }

  private static CoreExports coreInstance(Env env, CoreInstance c, Store<?> store) {
    return switch (c) {
      case CoreInstance.Instantiate i -> {
        CoreModule m = (CoreModule) env.get(Sort.CORE_MODULE, i.module());
        Map<String, CoreExports> named = new LinkedHashMap<>();
        for (CoreInstance.Arg a : i.args()) {
          named.put(a.name(), (CoreExports) env.get(Sort.CORE_INSTANCE, a.instance()));
        }
        yield m.instantiate(named::get, store.fuelCounter(), store.memoryLimitPages(), store.tableLimitElements());
      }
      case CoreInstance.FromExports fe -> {
        Map<String, CoreExtern> ex = new LinkedHashMap<>();
        for (CoreInstance.InlineExport e : fe.exports()) {
          ex.put(e.name(), (CoreExtern) env.get(e.sort(), e.index()));
        }
        yield new SyntheticCoreInstance(ex);
      }
    };
  }

  private static InstanceDef instance(Env env, Instance i, Store<?> store) {
    return switch (i) {
      case Instance.Instantiate in -> {
        ComponentDef def = (ComponentDef) env.get(Sort.COMPONENT, in.component());
        if (def.component() == null) {
          throw new LinkException("instantiation of a component without a definition");
        }
        Map<String, Object> args = new LinkedHashMap<>();
        for (Instance.Arg a : in.args()) {
          args.put(a.name(), env.get(a.item().sort(), a.item().index()));
        }
        yield instantiate(def.component(), def.outer(), args, env.inst, store);
      }
      case Instance.FromExports fe -> {
        Map<String, Object> ex = new LinkedHashMap<>();
        for (Instance.InlineExport e : fe.exports()) {
          ex.put(e.name().name(), env.get(e.item().sort(), e.item().index()));
        }
        yield new InstanceDef(ex, null);
      }
    };
  }

  private static void alias(Env env, Alias a) {
    switch (a.target()) {
      case Alias.Export x -> {
        InstanceDef d = (InstanceDef) env.get(Sort.INSTANCE, x.instance());
        Object v = d.exports().get(x.name());
        if (v == null) {
          throw new LinkException("instance " + x.instance() + " has no export named `" + x.name() + "`");
        }
        env.add(a.sort(), v);
      }
      case Alias.CoreExport x -> {
        CoreExports ci = (CoreExports) env.get(Sort.CORE_INSTANCE, x.instance());
        CoreExtern v = ci.export(x.name());
        if (v == null) {
          throw new LinkException("core instance " + x.instance() + " has no export named `" + x.name() + "`");
        }
        env.add(a.sort(), v);
      }
      case Alias.Outer o -> {
        if (a.sort() == Sort.CORE_TYPE) {
          return;
        }
        Env e = env;
        for (int k = 0; k < o.count(); k++) {
          e = e.outer;
          if (e == null) {
            throw new LinkException("outer alias past the outermost component");
          }
        }
        env.add(a.sort(), e.get(a.sort(), o.index()));
      }
    }
  }

  private static void type(Env env, TypeDef t) {
    int idx = env.types.size();
    Type st = idx < env.info.types().size() ? env.info.types().get(idx) : null;
    if (t.type() instanceof DefType.ResourceDef rd && st instanceof ResourceType rt) {
      ResourceInfo ri = env.info.resource(rt);
      Integer dtorIndex = ri != null ? ri.destructor() : rd.destructor();
      CoreFunc dtor = dtorIndex == null ? null : (CoreFunc) env.get(Sort.CORE_FUNC, dtorIndex);
      ComponentInstance impl = env.inst;
      RuntimeResourceType.Destructor d = dtor == null ? null : (caller, rep) -> {
        // a synchronous call of the destructor, lifted in impl and lowered in the caller
        if (!impl.mayEnterFrom(caller)) {
          throw Traps.cannotEnter();
        }
        impl.enterFrom(caller);
        impl.pushThread();
        dtor.call(rep & 0xFFFF_FFFFL);
        impl.popThread();
        impl.leaveTo(caller);
      };
      env.add(Sort.TYPE, new RuntimeResourceType(new ResourceType(rt.name()), impl, d));
    } else {
      env.add(Sort.TYPE, st);
    }
  }

  private static CanonicalOptions options(Env env, CanonOptions o) {
    if (o == null) {
      return CanonicalOptions.NONE;
    }
    return new CanonicalOptions(o.stringEncoding(),
        o.memory() == null ? null : (CoreMemory) env.get(Sort.CORE_MEMORY, o.memory()),
        o.realloc() == null ? null : (CoreFunc) env.get(Sort.CORE_FUNC, o.realloc()),
        o.postReturn() == null ? null : (CoreFunc) env.get(Sort.CORE_FUNC, o.postReturn()),
        o.async(),
        o.callback() == null ? null : (CoreFunc) env.get(Sort.CORE_FUNC, o.callback()));
  }

  private static void canon(Env env, CanonDef def) {
    CanonInfo ci = env.info.canon(def);
    if (ci == null) {
      throw new LinkException("canonical definition without validation info");
    }
    ComponentInstance inst = env.inst;
    switch (def.canon()) {
      case Canon.Lift l -> {
        CoreFunc callee = (CoreFunc) env.get(Sort.CORE_FUNC, l.coreFunc());
        if (ci.options() != null && ci.options().async()) {
          env.add(Sort.FUNC, new LiftedFunc(inst, args -> {
            throw Traps.trap(TrapKind.ASYNC_UNSUPPORTED, "async lift");
          }, options(env, ci.options()), env.component.plan(ci)));
        } else {
          env.add(Sort.FUNC, new LiftedFunc(inst, callee, options(env, ci.options()), env.component.plan(ci)));
        }
      }
      case Canon.Lower l -> {
        FuncInst callee = (FuncInst) env.get(Sort.FUNC, l.func());
        env.add(Sort.CORE_FUNC, canonLower(inst, callee, options(env, ci.options()), env.component.plan(ci)));
      }
      case Canon.ResourceNew r -> {
        RuntimeResourceType rt = inst.resource(ci.resource());
        env.add(Sort.CORE_FUNC, CoreFunc.host(a -> new long[] {Handles.canonResourceNew(inst, rt, (int) a[0]) & 0xFFFF_FFFFL}));
      }
      case Canon.ResourceDrop r -> {
        RuntimeResourceType rt = inst.resource(ci.resource());
        env.add(Sort.CORE_FUNC, CoreFunc.host(a -> {
          Handles.canonResourceDrop(inst, rt, a[0] & 0xFFFF_FFFFL);
          return null;
        }));
      }
      case Canon.ResourceRep r -> {
        RuntimeResourceType rt = inst.resource(ci.resource());
        env.add(Sort.CORE_FUNC, CoreFunc.host(a -> new long[] {Handles.canonResourceRep(inst, rt, a[0] & 0xFFFF_FFFFL) & 0xFFFF_FFFFL}));
      }
      case Canon.ContextGet g -> {
        inst.useContext();
        int slot = g.slot();
        env.add(Sort.CORE_FUNC, CoreFunc.host(a -> new long[] {inst.contextGet(slot)}));
      }
      case Canon.ContextSet cs -> {
        inst.useContext();
        int slot = cs.slot();
        env.add(Sort.CORE_FUNC, CoreFunc.host(a -> {
          inst.contextSet(slot, a[0]);
          return null;
        }));
      }
      case Canon.BackpressureInc b -> env.add(Sort.CORE_FUNC, CoreFunc.host(a -> {
        inst.backpressureInc();
        return null;
      }));
      case Canon.BackpressureDec b -> env.add(Sort.CORE_FUNC, CoreFunc.host(a -> {
        inst.backpressureDec();
        return null;
      }));
      default -> {
        // async, thread and error-context built-ins: callable (so post-return's may_leave rule
        // is observable) but unsupported by this synchronous engine.
        String what = def.canon().getClass().getSimpleName();
        env.add(Sort.CORE_FUNC, CoreFunc.host(a -> {
          if (!inst.mayLeave()) {
            throw Traps.cannotLeave();
          }
          throw Traps.trap(TrapKind.ASYNC_UNSUPPORTED, "canon " + what);
        }));
      }
    }
  }

  /**
   * {@code canon lower} with {@code Store.lower}
   * (<a href="../../../../../../../../shared/spec/component-model/CanonicalABI.md#canon-lower">CanonicalABI.md#canon-lower</a>),
   * synchronous ABI: a core function that lifts its arguments out of the caller's memory, calls
   * the component function, and lowers the result back, returning the borrowed handles it lent
   * when the callee returns.
   */
  static CoreFunc canonLower(ComponentInstance inst, FuncInst callee, CanonicalOptions opts, FuncPlan plan) {
    boolean adapter = callee instanceof LiftedFunc;
    boolean borrows = plan.borrows();
    if (callee instanceof TypedHostFuncInst typed) {
      LiftLowerContext shared = new LiftLowerContext(opts, inst, null);
      return CoreFunc.host(args -> {
        if (!inst.mayLeave()) {
          throw Traps.cannotLeave();
        }
        if (!borrows) {
          return typed.callLowered(shared, plan, args);
        }
        Subtask subtask = new Subtask();
        long[] r = typed.callLowered(new LiftLowerContext(opts, inst, subtask), plan, args);
        subtask.deliverResolve();
        return r;
      });
    }
    return CoreFunc.host(args -> {
      if (!inst.mayLeave()) {
        throw Traps.cannotLeave();
      }
      if (opts.async()) {
        throw Traps.trap(TrapKind.ASYNC_UNSUPPORTED, "async lower");
      }
      Subtask subtask = new Subtask();
      StringHints hints = adapter ? new StringHints() : null;
      LiftLowerContext cx = new LiftLowerContext(opts, inst, subtask, hints, adapter);
      CoreValueIter it = new CoreValueIter(args);
      LowerFrame frame = new LowerFrame(inst, hints, cx, it, plan);
      callee.call(frame);
      subtask.deliverResolve();
      return frame.flatResults;
    });
  }

  /** The caller's frame of a {@code canon lower}ed call. */
  private static final class LowerFrame extends CallFrame {
    private final LiftLowerContext cx;
    private final CoreValueIter it;
    private final FuncPlan plan;
    long[] flatResults;

    LowerFrame(ComponentInstance caller, StringHints hints, LiftLowerContext cx, CoreValueIter it, FuncPlan plan) {
      super(caller, hints);
      this.cx = cx;
      this.it = it;
      this.plan = plan;
    }

    @Override
    Val[] onStart() {
      return LiftLowerValues.liftFlatValues(cx, CanonicalAbi.MAX_FLAT_PARAMS, it, plan.params());
    }

    @Override
    void onResolve(Val[] result) {
      flatResults = LiftLowerValues.lowerFlatValues(cx, CanonicalAbi.MAX_FLAT_RESULTS, result, plan.results(), it);
    }
  }
}

package dev.trellis.bench.engines;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.trellis.bench.workloads.Workload;
import dev.trellis.engine.binary.ComponentDecoder;
import dev.trellis.engine.binary.Section;
import dev.trellis.engine.runtime.Val;
import dev.trellis.harness.adapters.wasmtime.ComponentVals;
import dev.trellis.harness.adapters.wasmtime.WasmtimeBinding;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Wasmtime 49 through its C API, bound here with the FFM API for exactly what the benchmarks
 * time: compile ({@code wasmtime_component_new} / {@code wasmtime_module_new}: decode,
 * validate and Cranelift in one step), validate (core modules: {@code wasmtime_module_validate}),
 * instantiate (a new store, from the compiled artifact, through a linker built once — with
 * WASI 0.2 and {@code wasi:http} when the component imports anything — and the store deleted
 * again), and calls ({@code wasmtime_component_func_call} + {@code post_return}, or
 * {@code wasmtime_func_call}). This is what a Java embedder of Wasmtime pays, FFM included.
 *
 * <p>The library is the one the {@code wasmtime} runtime uses
 * ({@link dev.trellis.harness.adapters.wasmtime.WasmtimeProvider#libraryPath()}).
 */
public final class WasmtimeDriver implements EngineDriver {
  // struct sizes (LP64), as in wasmtime's headers
  static final long VAL = 32; // wasmtime_val_t: uint8 kind; union at 8
  static final long EXTERN = 32; // wasmtime_extern_t: uint8 kind; union at 8 (func = first 16 bytes)
  static final long INSTANCE = 16; // wasmtime_instance_t
  static final long C_INSTANCE = 16; // wasmtime_component_instance_t
  static final long C_FUNC = 32; // wasmtime_component_func_t: opaque, 32 bytes in Wasmtime 49
  static final long C_VAL = 32; // wasmtime_component_val_t: uint8 kind; union at 8

  private static volatile Native lib;

  private final boolean components;
  private final Native n;
  private final MemorySegment engine;
  private MemorySegment componentLinker;
  private MemorySegment coreLinker;

  public WasmtimeDriver(boolean components) {
    this.components = components;
    this.n = nativeLib();
    try {
      this.engine = (MemorySegment) n.engineNew.invokeExact();
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  static synchronized Native nativeLib() {
    if (lib == null) {
      Path p = dev.trellis.harness.adapters.wasmtime.WasmtimeProvider.libraryPath()
          .orElseThrow(() -> new IllegalStateException("libwasmtime not found (see trellis runtimes)"));
      lib = new Native(p);
    }
    return lib;
  }

  @Override
  public String runtime() {
    return "wasmtime";
  }

  @Override
  public boolean components() {
    return components;
  }


  @Override
  public String note(Phase p) {
    return switch (p) {
      case VALIDATE -> "includes decoding (wasmtime_module_validate)";
      case COMPILE -> "includes decoding and validation (one C API call)";
      case INSTANTIATE -> "new store (+ WASI contexts when imported), instantiate, store deleted";
      default -> null;
    };
  }

  /** What compile starts from: the bytes, and whether instances need WASI (decided outside the timing). */
  record Input(byte[] bytes, boolean wasi) {}

  /** A compiled module or component. */
  record Compiled(MemorySegment ptr, boolean wasi) {}

  /** A live instance: its store and where the instance struct is. */
  record Live(MemorySegment store, MemorySegment context, MemorySegment instance) {}

  @Override
  public Object decode(byte[] bytes) {
    throw new UnsupportedOperationException("wasmtime decodes only while compiling");
  }

  @Override
  public Object validateInput(byte[] bytes) {
    return bytes;
  }

  @Override
  public Object validate(Object bytes) {
    byte[] b = (byte[]) bytes;
    try (Arena a = Arena.ofConfined()) {
      MemorySegment buf = a.allocateFrom(JAVA_BYTE, b);
      check((MemorySegment) n.moduleValidate.invokeExact(engine, buf, (long) b.length), "validate");
      return Boolean.TRUE;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  @Override
  public Object compileInput(byte[] bytes) {
    boolean wasi = false;
    if (components) {
      for (Section s : ComponentDecoder.decode(bytes).sections()) {
        if (s instanceof Section.Imports) {
          wasi = true;
        }
      }
    }
    return new Input(bytes, wasi);
  }

  @Override
  public Object compile(Object input) {
    Input in = (Input) input;
    try (Arena a = Arena.ofConfined()) {
      MemorySegment buf = a.allocateFrom(JAVA_BYTE, in.bytes());
      MemorySegment out = a.allocate(ADDRESS);
      MemorySegment err = components
          ? (MemorySegment) n.componentNew.invokeExact(engine, buf, (long) in.bytes().length, out)
          : (MemorySegment) n.moduleNew.invokeExact(engine, buf, (long) in.bytes().length, out);
      check(err, "compile");
      return new Compiled(out.get(ADDRESS, 0), in.wasi());
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  @Override
  public void free(Object compiled) {
    Compiled c = (Compiled) compiled;
    try {
      if (components) {
        n.componentDelete.invokeExact(c.ptr());
      } else {
        n.moduleDelete.invokeExact(c.ptr());
      }
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  @Override
  public Object instantiate(Object compiled) {
    Compiled c = (Compiled) compiled;
    try {
      MemorySegment store = (MemorySegment) n.storeNew.invokeExact(engine, MemorySegment.NULL, MemorySegment.NULL);
      MemorySegment context = (MemorySegment) n.storeContext.invokeExact(store);
      try {
        MemorySegment instance = Arena.ofAuto().allocate(components ? C_INSTANCE : INSTANCE, 8);
        if (components) {
          if (c.wasi()) {
            check((MemorySegment) n.contextSetWasi.invokeExact(context, (MemorySegment) n.wasiConfigNew.invokeExact()), "WASI");
            n.contextSetWasiHttp.invokeExact(context);
          }
          check((MemorySegment) n.cLinkerInstantiate.invokeExact(componentLinker(), context, c.ptr(), instance), "instantiate");
        } else {
          try (Arena a = Arena.ofConfined()) {
            MemorySegment trap = a.allocate(ADDRESS);
            check((MemorySegment) n.linkerInstantiate.invokeExact(coreLinker(), context, c.ptr(), instance, trap), "instantiate");
            if (!trap.get(ADDRESS, 0).equals(MemorySegment.NULL)) {
              n.trapDelete.invokeExact(trap.get(ADDRESS, 0));
              throw new IllegalStateException("wasmtime: the start function trapped");
            }
          }
        }
        return new Live(store, context, instance);
      } catch (Throwable t) {
        n.storeDelete.invokeExact(store);
        throw t;
      }
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  @Override
  public void release(Object instance) {
    try {
      n.storeDelete.invokeExact(((Live) instance).store());
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  @Override
  public Object instantiateCold(byte[] bytes) {
    Compiled c = (Compiled) compile(new Input(bytes, components && hasImports(bytes)));
    try {
      return instantiate(c);
    } finally {
      free(c); // the instance keeps what it needs
    }
  }

  private static boolean hasImports(byte[] bytes) {
    return ComponentDecoder.decode(bytes).sections().stream().anyMatch(s -> s instanceof Section.Imports);
  }

  private MemorySegment componentLinker() throws Throwable {
    if (componentLinker == null) {
      MemorySegment l = (MemorySegment) n.cLinkerNew.invokeExact(engine);
      check((MemorySegment) n.cLinkerAddWasip2.invokeExact(l), "adding WASI 0.2");
      check((MemorySegment) n.cLinkerAddWasiHttp.invokeExact(l), "adding wasi:http");
      componentLinker = l;
    }
    return componentLinker;
  }

  private MemorySegment coreLinker() throws Throwable {
    if (coreLinker == null) {
      coreLinker = (MemorySegment) n.linkerNew.invokeExact(engine);
    }
    return coreLinker;
  }

  @Override
  public Caller caller(Object instance, Workload w) {
    Live live = (Live) instance;
    return components ? componentCaller(live, w) : coreCaller(live, w);
  }

  private Caller componentCaller(Live live, Workload w) {
    try {
      Arena arena = Arena.ofAuto();
      MemorySegment func = arena.allocate(C_FUNC, 8);
      byte[] name = w.export().getBytes(StandardCharsets.UTF_8);
      MemorySegment nameSeg = arena.allocateFrom(JAVA_BYTE, name);
      MemorySegment idx = (MemorySegment) n.cInstanceGetExportIndex.invokeExact(live.instance(), live.context(),
          MemorySegment.NULL, nameSeg, (long) name.length);
      if (idx.equals(MemorySegment.NULL)) {
        throw new IllegalStateException("wasmtime: no export " + w.export());
      }
      boolean ok = (boolean) n.cInstanceGetFunc.invokeExact(live.instance(), live.context(), idx, func);
      n.cExportIndexDelete.invokeExact(idx);
      if (!ok) {
        throw new IllegalStateException("wasmtime: export " + w.export() + " is not a function");
      }
      List<Val> argv = w.componentArgs();
      MemorySegment args = arena.allocate(Math.max(1, argv.size()) * C_VAL, 8);
      for (int i = 0; i < argv.size(); i++) {
        ComponentVals.write(argv.get(i), args.asSlice(i * C_VAL, C_VAL), arena);
      }
      int nres = w.componentResults().size();
      MemorySegment results = arena.allocate(Math.max(1, nres) * C_VAL, 8);
      long nargs = argv.size();
      long nresults = nres;
      MemorySegment ctx = live.context();
      return new Caller() {
        @Override
        public Object call() {
          try {
            check((MemorySegment) n.cFuncCall.invokeExact(func, ctx, args, nargs, results, nresults), "call");
            check((MemorySegment) n.cFuncPostReturn.invokeExact(func, ctx), "post-return");
            return results.get(JAVA_LONG, 8);
          } catch (Throwable t) {
            throw rethrow(t);
          }
        }

        @Override
        public List<Val> results() {
          call();
          List<Val> out = new ArrayList<>();
          for (int i = 0; i < nresults; i++) {
            out.add(ComponentVals.read(results.asSlice(i * C_VAL, C_VAL)));
          }
          return out;
        }
      };
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  private Caller coreCaller(Live live, Workload w) {
    try {
      Arena arena = Arena.ofAuto();
      MemorySegment ext = arena.allocate(EXTERN, 8);
      byte[] name = w.export().getBytes(StandardCharsets.UTF_8);
      boolean found = (boolean) n.instanceExportGet.invokeExact(live.context(), live.instance(),
          arena.allocateFrom(JAVA_BYTE, name), (long) name.length, ext);
      if (!found || ext.get(JAVA_BYTE, 0) != 0) {
        throw new IllegalStateException("wasmtime: no exported function " + w.export());
      }
      MemorySegment func = ext.asSlice(8, 16);
      List<Val> argv = w.coreArgs();
      MemorySegment args = arena.allocate(Math.max(1, argv.size()) * VAL, 8);
      for (int i = 0; i < argv.size(); i++) {
        writeCoreVal(args.asSlice(i * VAL, VAL), argv.get(i));
      }
      int nres = w.coreResults().size();
      MemorySegment results = arena.allocate(Math.max(1, nres) * VAL, 8);
      MemorySegment trap = arena.allocate(ADDRESS);
      long nargs = argv.size();
      long nresults = nres;
      MemorySegment ctx = live.context();
      return new Caller() {
        @Override
        public Object call() {
          try {
            check((MemorySegment) n.funcCall.invokeExact(ctx, func, args, nargs, results, nresults, trap), "call");
            if (!trap.get(ADDRESS, 0).equals(MemorySegment.NULL)) {
              n.trapDelete.invokeExact(trap.get(ADDRESS, 0));
              throw new IllegalStateException("wasmtime: the call trapped");
            }
            return results.get(JAVA_LONG, 8);
          } catch (Throwable t) {
            throw rethrow(t);
          }
        }

        @Override
        public List<Val> results() {
          call();
          List<Val> out = new ArrayList<>();
          for (int i = 0; i < nresults; i++) {
            MemorySegment v = results.asSlice(i * VAL, VAL);
            out.add(switch (v.get(JAVA_BYTE, 0)) {
              case 0 -> new Val.S32(v.get(JAVA_INT, 8));
              case 1 -> new Val.S64(v.get(JAVA_LONG, 8));
              case 2 -> new Val.F32(v.get(JAVA_FLOAT, 8));
              case 3 -> new Val.F64(v.get(JAVA_DOUBLE, 8));
              default -> throw new IllegalStateException("core value kind " + v.get(JAVA_BYTE, 0));
            });
          }
          return out;
        }
      };
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  static void writeCoreVal(MemorySegment s, Val v) {
    switch (v) {
      case Val.S32(int x) -> {
        s.set(JAVA_BYTE, 0, (byte) 0);
        s.set(JAVA_INT, 8, x);
      }
      case Val.S64(long x) -> {
        s.set(JAVA_BYTE, 0, (byte) 1);
        s.set(JAVA_LONG, 8, x);
      }
      case Val.F32(float x) -> {
        s.set(JAVA_BYTE, 0, (byte) 2);
        s.set(JAVA_FLOAT, 8, x);
      }
      case Val.F64(double x) -> {
        s.set(JAVA_BYTE, 0, (byte) 3);
        s.set(JAVA_DOUBLE, 8, x);
      }
      default -> throw new IllegalArgumentException("not a core value: " + v);
    }
  }

  private void check(MemorySegment err, String what) {
    String msg = n.takeError(err);
    if (msg != null) {
      throw new IllegalStateException("wasmtime " + what + ": " + msg.lines().findFirst().orElse(msg));
    }
  }

  @Override
  public void close() {
    try {
      if (componentLinker != null) {
        n.cLinkerDelete.invokeExact(componentLinker);
      }
      if (coreLinker != null) {
        n.linkerDelete.invokeExact(coreLinker);
      }
      n.engineDelete.invokeExact(engine);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  static RuntimeException rethrow(Throwable t) {
    return WasmtimeBinding.rethrow(t);
  }

  /** The C functions, bound once per JVM. */
  static final class Native extends WasmtimeBinding {
    final MethodHandle engineNew;
    final MethodHandle engineDelete;
    final MethodHandle storeNew;
    final MethodHandle storeContext;
    final MethodHandle storeDelete;
    final MethodHandle trapDelete;
    final MethodHandle moduleNew;
    final MethodHandle moduleDelete;
    final MethodHandle moduleValidate;
    final MethodHandle linkerNew;
    final MethodHandle linkerDelete;
    final MethodHandle linkerInstantiate;
    final MethodHandle instanceExportGet;
    final MethodHandle funcCall;
    final MethodHandle componentNew;
    final MethodHandle componentDelete;
    final MethodHandle cLinkerNew;
    final MethodHandle cLinkerDelete;
    final MethodHandle cLinkerAddWasip2;
    final MethodHandle cLinkerAddWasiHttp;
    final MethodHandle cLinkerInstantiate;
    final MethodHandle cInstanceGetExportIndex;
    final MethodHandle cExportIndexDelete;
    final MethodHandle cInstanceGetFunc;
    final MethodHandle cFuncCall;
    final MethodHandle cFuncPostReturn;
    final MethodHandle wasiConfigNew;
    final MethodHandle contextSetWasi;
    final MethodHandle contextSetWasiHttp;

    Native(Path path) {
      super(path);
      engineNew = fn("wasm_engine_new", ADDRESS);
      engineDelete = proc("wasm_engine_delete", ADDRESS);
      storeNew = fn("wasmtime_store_new", ADDRESS, ADDRESS, ADDRESS, ADDRESS);
      storeContext = fn("wasmtime_store_context", ADDRESS, ADDRESS);
      storeDelete = proc("wasmtime_store_delete", ADDRESS);
      trapDelete = proc("wasm_trap_delete", ADDRESS);
      moduleNew = fn("wasmtime_module_new", ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS);
      moduleDelete = proc("wasmtime_module_delete", ADDRESS);
      moduleValidate = fn("wasmtime_module_validate", ADDRESS, ADDRESS, ADDRESS, JAVA_LONG);
      linkerNew = fn("wasmtime_linker_new", ADDRESS, ADDRESS);
      linkerDelete = proc("wasmtime_linker_delete", ADDRESS);
      linkerInstantiate = fn("wasmtime_linker_instantiate", ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS);
      instanceExportGet = fn("wasmtime_instance_export_get", JAVA_BOOLEAN, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS);
      funcCall = fn("wasmtime_func_call", ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS);
      componentNew = fn("wasmtime_component_new", ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS);
      componentDelete = proc("wasmtime_component_delete", ADDRESS);
      cLinkerNew = fn("wasmtime_component_linker_new", ADDRESS, ADDRESS);
      cLinkerDelete = proc("wasmtime_component_linker_delete", ADDRESS);
      cLinkerAddWasip2 = fn("wasmtime_component_linker_add_wasip2", ADDRESS, ADDRESS);
      cLinkerAddWasiHttp = fn("wasmtime_component_linker_add_wasi_http", ADDRESS, ADDRESS);
      cLinkerInstantiate = fn("wasmtime_component_linker_instantiate", ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS);
      cInstanceGetExportIndex = fn("wasmtime_component_instance_get_export_index", ADDRESS, ADDRESS, ADDRESS, ADDRESS,
          ADDRESS, JAVA_LONG);
      cExportIndexDelete = proc("wasmtime_component_export_index_delete", ADDRESS);
      cInstanceGetFunc = fn("wasmtime_component_instance_get_func", JAVA_BOOLEAN, ADDRESS, ADDRESS, ADDRESS, ADDRESS);
      cFuncCall = fn("wasmtime_component_func_call", ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG);
      cFuncPostReturn = fn("wasmtime_component_func_post_return", ADDRESS, ADDRESS, ADDRESS);
      wasiConfigNew = fn("wasi_config_new", ADDRESS);
      contextSetWasi = fn("wasmtime_context_set_wasi", ADDRESS, ADDRESS, ADDRESS);
      contextSetWasiHttp = proc("wasmtime_context_set_wasi_http", ADDRESS);
    }
  }
}

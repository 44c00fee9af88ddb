package dev.trellis.harness.adapters.wasmtime;

import static dev.trellis.harness.adapters.wasmtime.WasmtimeNative.*;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.trellis.engine.runtime.Val;
import dev.trellis.harness.adapters.AbstractRuntime;
import dev.trellis.harness.adapters.CoreValues;
import dev.trellis.harness.adapters.WasmParserErrors;
import dev.trellis.harness.adapters.CoreValues.CoreType;
import dev.trellis.harness.spi.Instance;
import dev.trellis.harness.spi.Loaded;
import dev.trellis.harness.spi.RuntimeFailure;
import dev.trellis.harness.spi.RuntimeFailure.Kind;
import dev.trellis.harness.spi.WasiCommand;
import dev.trellis.harness.spi.WasiResult;
import dev.trellis.harness.spi.Wasm;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Wasmtime in-process through its C API. One engine per runtime (the component model with
 * every feature the C API can switch on, as {@code wasmtime wast -W ...} runs the suites;
 * concurrency support; epoch interruption for deadlines); one store per instance. A daemon
 * thread advances the engine's epoch every {@link #TICK}, so a call that runs past its
 * deadline traps instead of hanging the harness.
 */
final class WasmtimeRuntime extends AbstractRuntime {
  static final Duration TICK = Duration.ofMillis(10);
  static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(60);

  private final WasmtimeNative n;
  private final MemorySegment engine;
  private final Thread ticker;
  private final Duration callTimeout;
  private final Set<AutoCloseable> open = Collections.newSetFromMap(new IdentityHashMap<>());
  private volatile boolean closed;

  WasmtimeRuntime(WasmtimeNative n, String version, Duration callTimeout) {
    super(WasmtimeProvider.ID, version, "C API via Java FFM: " + n.path, WasmtimeProvider.FEATURES);
    this.n = n;
    this.callTimeout = callTimeout;
    try {
      MemorySegment config = (MemorySegment) n.configNew.invokeExact();
      n.configComponentModel.invokeExact(config, true);
      n.configComponentModelAsync.invokeExact(config, true);
      n.configComponentModelAsyncBuiltins.invokeExact(config, true);
      n.configComponentModelAsyncStackful.invokeExact(config, true);
      n.configComponentModelMap.invokeExact(config, true);
      n.configComponentModelImplements.invokeExact(config, true);
      n.configConcurrencySupport.invokeExact(config, true);
      n.configEpochInterruption.invokeExact(config, true);
      this.engine = (MemorySegment) n.engineNewWithConfig.invokeExact(config);
    } catch (Throwable t) {
      throw rethrow(t);
    }
    this.ticker = Thread.ofPlatform().daemon().name("wasmtime-epoch").unstarted(this::tick);
    ticker.start();
  }

  private void tick() {
    while (!closed) {
      try {
        Thread.sleep(TICK);
        if (!closed) {
          n.engineIncrementEpoch.invokeExact(engine);
        }
      } catch (InterruptedException e) {
        return;
      } catch (Throwable t) {
        return;
      }
    }
  }

  // ---- load ---------------------------------------------------------------------------

  private final class WasmtimeLoaded implements Loaded {
    final Wasm wasm;
    final boolean component;
    MemorySegment ptr; // wasmtime_module_t* or wasmtime_component_t*

    WasmtimeLoaded(Wasm wasm, boolean component, MemorySegment ptr) {
      this.wasm = wasm;
      this.component = component;
      this.ptr = ptr;
    }

    @Override
    public Wasm wasm() {
      return wasm;
    }

    @Override
    public void close() {
      synchronized (open) {
        if (ptr == null) {
          return;
        }
        open.remove(this);
        try {
          if (component) {
            n.componentDelete.invokeExact(ptr);
          } else {
            n.moduleDelete.invokeExact(ptr);
          }
        } catch (Throwable t) {
          throw rethrow(t);
        } finally {
          ptr = null;
        }
      }
    }
  }

  @Override
  public Loaded load(Wasm wasm) {
    ensureOpen();
    boolean component = wasm.kind() == Wasm.Kind.COMPONENT;
    byte[] bytes = wasm.bytes();
    try (Arena a = Arena.ofConfined()) {
      MemorySegment buf = WasmtimeNative.bytes(a, bytes);
      MemorySegment out = a.allocate(ADDRESS);
      MemorySegment err = component
          ? (MemorySegment) n.componentNew.invokeExact(engine, buf, (long) bytes.length, out)
          : (MemorySegment) n.moduleNew.invokeExact(engine, buf, (long) bytes.length, out);
      String msg = n.takeError(err);
      if (msg != null) {
        throw new RuntimeFailure(WasmParserErrors.kind(msg), summarize(msg));
      }
      WasmtimeLoaded loaded = new WasmtimeLoaded(wasm, component, out.get(ADDRESS, 0));
      synchronized (open) {
        open.add(loaded);
      }
      return loaded;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  // ---- instantiate --------------------------------------------------------------------

  /** A store with one instance in it; closing it deletes the store. */
  private abstract class StoreInstance implements Instance {
    MemorySegment store;
    final MemorySegment context;

    StoreInstance() {
      try {
        this.store = (MemorySegment) n.storeNew.invokeExact(engine, MemorySegment.NULL, MemorySegment.NULL);
        this.context = (MemorySegment) n.storeContext.invokeExact(store);
      } catch (Throwable t) {
        throw rethrow(t);
      }
      synchronized (open) {
        open.add(this);
      }
      deadline(callTimeout);
    }

    final void deadline(Duration d) {
      long ticks = Math.max(1, d.toMillis() / TICK.toMillis());
      try {
        n.contextSetEpochDeadline.invokeExact(context, ticks);
      } catch (Throwable t) {
        throw rethrow(t);
      }
    }

    final void ensureLive() {
      if (store == null) {
        throw new RuntimeFailure(Kind.ERROR, "instance closed");
      }
      ensureOpen();
    }

    @Override
    public void close() {
      synchronized (open) {
        if (store == null) {
          return;
        }
        open.remove(this);
        try {
          n.storeDelete.invokeExact(store);
        } catch (Throwable t) {
          throw rethrow(t);
        } finally {
          store = null;
        }
      }
    }
  }

  @Override
  public Instance instantiate(Loaded loaded) {
    ensureOpen();
    if (!(loaded instanceof WasmtimeLoaded l) || l.ptr == null) {
      throw new IllegalArgumentException("not a live module loaded by wasmtime: " + loaded);
    }
    return l.component ? new ComponentInstance(l, null) : new CoreInstance(l);
  }

  private final class CoreInstance extends StoreInstance {
    final MemorySegment instance = Arena.global().allocate(INSTANCE, 8);

    CoreInstance(WasmtimeLoaded l) {
      try (Arena a = Arena.ofConfined()) {
        MemorySegment linker = (MemorySegment) n.linkerNew.invokeExact(engine);
        MemorySegment trapOut = a.allocate(ADDRESS);
        MemorySegment err;
        try {
          err = (MemorySegment) n.linkerInstantiate.invokeExact(linker, context, l.ptr, instance, trapOut);
        } finally {
          n.linkerDelete.invokeExact(linker);
        }
        String msg = n.takeError(err);
        if (msg != null) {
          close();
          throw new RuntimeFailure(Kind.UNLINKABLE, summarize(msg));
        }
        MemorySegment trap = trapOut.get(ADDRESS, 0);
        if (!trap.equals(MemorySegment.NULL)) {
          close();
          throw trapFailure(n.takeTrap(trap));
        }
      } catch (Throwable t) {
        throw rethrow(t);
      }
    }

    @Override
    public List<Val> invoke(String export, List<Val> args) {
      ensureLive();
      deadline(callTimeout);
      try (Arena a = Arena.ofConfined()) {
        MemorySegment ext = a.allocate(EXTERN, 8);
        MemorySegment name = WasmtimeNative.bytes(a, export.getBytes(StandardCharsets.UTF_8));
        boolean found = (boolean) n.instanceExportGet.invokeExact(context, instance, name,
            (long) export.getBytes(StandardCharsets.UTF_8).length, ext);
        if (!found || ext.get(JAVA_BYTE, 0) != 0 /* WASMTIME_EXTERN_FUNC */) {
          if (found) {
            n.externDelete.invokeExact(ext);
          }
          throw new RuntimeFailure(Kind.ERROR, "no exported function " + export);
        }
        MemorySegment func = ext.asSlice(8, 16);
        MemorySegment ft = (MemorySegment) n.funcType.invokeExact(context, func);
        List<CoreType> params;
        List<CoreType> results;
        try {
          params = coreTypes((MemorySegment) n.functypeParams.invokeExact(ft));
          results = coreTypes((MemorySegment) n.functypeResults.invokeExact(ft));
        } finally {
          n.functypeDelete.invokeExact(ft);
        }
        CoreValues.checkArity(export, params.size(), args.size());
        MemorySegment argv = a.allocate(CORE_VAL * Math.max(1, args.size()), 8);
        for (int i = 0; i < args.size(); i++) {
          MemorySegment v = argv.asSlice(CORE_VAL * i, CORE_VAL);
          CoreType t = params.get(i);
          v.set(JAVA_BYTE, 0, (byte) t.ordinal());
          long bits = CoreValues.toBits(args.get(i), t);
          if (t == CoreType.I32 || t == CoreType.F32) {
            v.set(JAVA_INT, 8, (int) bits);
          } else {
            v.set(JAVA_LONG, 8, bits);
          }
        }
        MemorySegment resv = a.allocate(CORE_VAL * Math.max(1, results.size()), 8);
        MemorySegment trapOut = a.allocate(ADDRESS);
        MemorySegment err = (MemorySegment) n.funcCall.invokeExact(context, func, argv, (long) args.size(),
            resv, (long) results.size(), trapOut);
        String msg = n.takeError(err);
        if (msg != null) {
          throw trapFailure(msg);
        }
        MemorySegment trap = trapOut.get(ADDRESS, 0);
        if (!trap.equals(MemorySegment.NULL)) {
          throw trapFailure(n.takeTrap(trap));
        }
        List<Val> out = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
          MemorySegment v = resv.asSlice(CORE_VAL * i, CORE_VAL);
          CoreType t = results.get(i);
          long bits = t == CoreType.I32 || t == CoreType.F32 ? v.get(JAVA_INT, 8) & 0xffff_ffffL : v.get(JAVA_LONG, 8);
          out.add(CoreValues.fromBits(bits, t));
        }
        return out;
      } catch (Throwable t) {
        throw rethrow(t);
      }
    }

    private List<CoreType> coreTypes(MemorySegment vec) throws Throwable {
      vec = vec.reinterpret(BYTE_VEC);
      long size = vec.get(JAVA_LONG, 0);
      MemorySegment data = vec.get(ADDRESS, 8).reinterpret(8 * size);
      List<CoreType> out = new ArrayList<>();
      for (long i = 0; i < size; i++) {
        int kind = (byte) n.valtypeKind.invokeExact(data.getAtIndex(ADDRESS, i)) & 0xff;
        out.add(switch (kind) {
          case WASM_I32 -> CoreType.I32;
          case WASM_I64 -> CoreType.I64;
          case WASM_F32 -> CoreType.F32;
          case WASM_F64 -> CoreType.F64;
          default -> throw RuntimeFailure.unsupported("core value kind " + kind + " cannot cross the harness");
        });
      }
      return out;
    }
  }

  private final class ComponentInstance extends StoreInstance {
    final MemorySegment instance = Arena.global().allocate(COMPONENT_INSTANCE, 8);

    /** {@code wasi}: a wasi_config_t* to install (taken over), or null for no WASI. */
    ComponentInstance(WasmtimeLoaded l, MemorySegment wasi) {
      this(l, wasi, false);
    }

    /**
     * {@code http}: also link {@code wasi:http/types} and {@code outgoing-handler} (the C API's
     * wasi-http has no allow-list: every authority is reachable once it is linked).
     */
    ComponentInstance(WasmtimeLoaded l, MemorySegment wasi, boolean http) {
      try {
        MemorySegment linker = (MemorySegment) n.componentLinkerNew.invokeExact(engine);
        try {
          if (wasi != null) {
            String e = n.takeError((MemorySegment) n.contextSetWasi.invokeExact(context, wasi));
            if (e != null) {
              throw new RuntimeFailure(Kind.ERROR, "WASI configuration: " + summarize(e));
            }
            e = n.takeError((MemorySegment) n.componentLinkerAddWasip2.invokeExact(linker));
            if (e != null) {
              throw new RuntimeFailure(Kind.ERROR, "adding WASI 0.2 to the linker: " + summarize(e));
            }
            if (http) {
              n.contextSetWasiHttp.invokeExact(context);
              e = n.takeError((MemorySegment) n.componentLinkerAddWasiHttp.invokeExact(linker));
              if (e != null) {
                throw new RuntimeFailure(Kind.ERROR, "adding wasi:http to the linker: " + summarize(e));
              }
            }
          }
          String msg;
          try (Arena a = Arena.ofConfined()) {
            MemorySegment errOut = a.allocate(ADDRESS);
            MemorySegment future = (MemorySegment) n.componentLinkerInstantiateAsync.invokeExact(linker, context, l.ptr,
                instance, errOut);
            msg = n.takeError(n.await(future, errOut));
          }
          if (msg != null) {
            throw isTrap(msg) ? trapFailure(msg) : new RuntimeFailure(Kind.UNLINKABLE, summarize(msg));
          }
        } finally {
          n.componentLinkerDelete.invokeExact(linker);
        }
      } catch (Throwable t) {
        close();
        throw rethrow(t);
      }
    }

    /** The export index of a (possibly {@code #}-nested) name, or NULL. Caller deletes it. */
    MemorySegment exportIndex(String path) throws Throwable {
      MemorySegment parent = MemorySegment.NULL;
      for (String part : path.split("#", -1)) {
        try (Arena a = Arena.ofConfined()) {
          byte[] b = part.getBytes(StandardCharsets.UTF_8);
          MemorySegment idx = (MemorySegment) n.componentInstanceGetExportIndex.invokeExact(instance, context, parent,
              WasmtimeNative.bytes(a, b), (long) b.length);
          if (!parent.equals(MemorySegment.NULL)) {
            n.componentExportIndexDelete.invokeExact(parent);
          }
          if (idx.equals(MemorySegment.NULL)) {
            return MemorySegment.NULL;
          }
          parent = idx;
        }
      }
      return parent;
    }

    @Override
    public List<Val> invoke(String export, List<Val> args) {
      ensureLive();
      deadline(callTimeout);
      try (Arena a = Arena.ofConfined()) {
        MemorySegment func = a.allocate(COMPONENT_FUNC, 8);
        MemorySegment idx = exportIndex(export);
        if (idx.equals(MemorySegment.NULL)) {
          throw new RuntimeFailure(Kind.ERROR, "no export named " + export);
        }
        boolean isFunc;
        try {
          isFunc = (boolean) n.componentInstanceGetFunc.invokeExact(instance, context, idx, func);
        } finally {
          n.componentExportIndexDelete.invokeExact(idx);
        }
        if (!isFunc) {
          throw new RuntimeFailure(Kind.ERROR, "export " + export + " is not a function");
        }
        MemorySegment argv = a.allocate(COMPONENT_VAL * Math.max(1, args.size()), 8);
        for (int i = 0; i < args.size(); i++) {
          ComponentVals.write(args.get(i), argv.asSlice(COMPONENT_VAL * i, COMPONENT_VAL), a);
        }
        MemorySegment ft = (MemorySegment) n.componentFuncType.invokeExact(func, context);
        long nparams;
        boolean hasResult;
        try {
          nparams = (long) n.componentFuncTypeParamCount.invokeExact(ft);
          MemorySegment rt = a.allocate(COMPONENT_VALTYPE, 8);
          hasResult = (boolean) n.componentFuncTypeResult.invokeExact(ft, rt);
          if (hasResult) {
            n.componentValtypeDelete.invokeExact(rt);
          }
        } finally {
          n.componentFuncTypeDelete.invokeExact(ft);
        }
        CoreValues.checkArity(export, (int) nparams, args.size());
        MemorySegment res = a.allocate(COMPONENT_VAL, 8);
        MemorySegment errOut = a.allocate(ADDRESS);
        MemorySegment future = (MemorySegment) n.componentFuncCallAsync.invokeExact(func, context, argv, (long) args.size(),
            res, hasResult ? 1L : 0L, errOut);
        MemorySegment err = n.await(future, errOut);
        if (!err.equals(MemorySegment.NULL)) {
          Integer exit = n.exitStatus(err);
          String msg = n.takeError(err);
          if (exit != null) {
            throw new GuestExit(exit);
          }
          throw isArgumentMismatch(msg) ? new RuntimeFailure(Kind.ERROR, summarize(msg)) : trapFailure(msg);
        }
        if (!hasResult) {
          return List.of();
        }
        try {
          return List.of(ComponentVals.read(res));
        } finally {
          n.componentValDelete.invokeExact(res);
        }
      } catch (Throwable t) {
        throw rethrow(t);
      }
    }

    /** Runs {@code wasi:cli/run#run}; returns 0 for ok, 1 for err. */
    int run() throws Throwable {
      String runName = runExportName();
      if (runName == null) {
        throw new RuntimeFailure(Kind.UNLINKABLE, "the component exports no wasi:cli/run instance");
      }
      List<Val> r = invoke(runName + "#run", List.of());
      if (r.size() == 1 && r.getFirst() instanceof Val.ResultOf(boolean ok, Val ignored)) {
        return ok ? 0 : 1;
      }
      throw new RuntimeFailure(Kind.ERROR, "wasi:cli/run#run returned " + r);
    }

    private String runExportName() throws Throwable {
      // The export name carries the version the component was built against.
      for (String v : List.of("0.2.0", "0.2.1", "0.2.2", "0.2.3", "0.2.4", "0.2.5", "0.2.6", "0.2.7", "0.2.8",
          "0.2.9", "0.2.10", "0.2.11", "0.2.12")) {
        String name = "wasi:cli/run@" + v;
        MemorySegment idx = exportIndex(name);
        if (!idx.equals(MemorySegment.NULL)) {
          n.componentExportIndexDelete.invokeExact(idx);
          return name;
        }
      }
      return null;
    }
  }

  /** The guest called {@code wasi:cli/exit}: not a failure of a command, its way to end. */
  static final class GuestExit extends RuntimeException {
    final int code;

    GuestExit(int code) {
      super("exit " + code, null, false, false);
      this.code = code;
    }
  }

  private static boolean isArgumentMismatch(String msg) {
    String m = msg.toLowerCase(Locale.ROOT);
    return !isTrap(msg) && (m.startsWith("type mismatch") || m.contains("expected") && m.contains("argument"));
  }

  static boolean isTrap(String msg) {
    return msg.contains("wasm trap") || msg.contains("wasm backtrace");
  }

  static RuntimeFailure trapFailure(String msg) {
    String s = summarize(msg);
    String m = s.toLowerCase(Locale.ROOT);
    if (m.contains("call stack exhausted") || m.contains("stack overflow")) {
      return new RuntimeFailure(Kind.EXHAUSTED, s);
    }
    if (m.contains("interrupt") && m.contains("epoch") || m.contains("wasm trap: interrupt")) {
      return new RuntimeFailure(Kind.TIMEOUT, s);
    }
    return new RuntimeFailure(Kind.TRAP, s);
  }

  /**
   * One line from an anyhow-style report: the context and its causes joined with ": ", the
   * wasm backtrace dropped.
   */
  static String summarize(String msg) {
    String[] parts = msg.split("\n\nCaused by:\n", 2);
    StringBuilder sb = new StringBuilder();
    String head = parts[0].strip();
    if (!head.startsWith("error while executing at wasm backtrace")) {
      sb.append(head.lines().findFirst().orElse(""));
    }
    if (parts.length > 1) {
      for (String line : parts[1].split("\n")) {
        String t = line.strip().replaceFirst("^\\d+:\\s*", "");
        if (t.isEmpty()) {
          continue;
        }
        if (!sb.isEmpty()) {
          sb.append(": ");
        }
        sb.append(t);
      }
    }
    return sb.toString().strip();
  }

  // ---- WASI commands --------------------------------------------------------------------

  @Override
  public WasiResult runCommand(Wasm command, WasiCommand how) {
    ensureOpen();
    if (command.kind() != Wasm.Kind.COMPONENT) {
      throw RuntimeFailure.unsupported("wasmtime (FFM) runs WASI 0.2 command components; this is a core module");
    }
    Path dir = null;
    try (Loaded loaded = load(command); Arena a = Arena.ofConfined()) {
      dir = Files.createTempDirectory("trellis-wasmtime-");
      Path out = dir.resolve("stdout");
      Path err = dir.resolve("stderr");
      MemorySegment wasi = wasiConfig(how, command.name(), out, err, a);
      int exit;
      String trap = null;
      ComponentInstance inst = new ComponentInstance((WasmtimeLoaded) loaded, wasi, !how.http().isEmpty());
      try {
        inst.deadline(how.timeout());
        exit = inst.run();
      } catch (GuestExit e) {
        exit = e.code;
      } catch (RuntimeFailure f) {
        if (f.kind() == Kind.TRAP || f.kind() == Kind.EXHAUSTED || f.kind() == Kind.TIMEOUT) {
          exit = 134;
          trap = f.getMessage();
        } else {
          throw f;
        }
      } finally {
        inst.close();
      }
      return new WasiResult(exit, Files.readAllBytes(out), Files.readAllBytes(err), trap);
    } catch (IOException e) {
      throw new RuntimeFailure(Kind.ERROR, "temporary files for WASI stdio: " + e.getMessage(), e);
    } catch (Throwable t) {
      throw rethrow(t);
    } finally {
      deleteTree(dir);
    }
  }

  private MemorySegment wasiConfig(WasiCommand how, String program, Path out, Path err, Arena a) throws Throwable {
    MemorySegment cfg = (MemorySegment) n.wasiConfigNew.invokeExact();
    List<String> argv = new ArrayList<>();
    argv.add(program);
    argv.addAll(how.args());
    boolean ok = (boolean) n.wasiConfigSetArgv.invokeExact(cfg, (long) argv.size(), cStrings(argv, a));
    List<String> names = new ArrayList<>(how.env().keySet());
    List<String> values = names.stream().map(how.env()::get).toList();
    ok &= (boolean) n.wasiConfigSetEnv.invokeExact(cfg, (long) names.size(), cStrings(names, a), cStrings(values, a));
    byte[] stdin = how.stdin();
    MemorySegment vec = a.allocate(BYTE_VEC, 8);
    n.byteVecNew.invokeExact(vec, (long) stdin.length, WasmtimeNative.bytes(a, stdin));
    n.wasiConfigSetStdinBytes.invokeExact(cfg, vec);
    ok &= (boolean) n.wasiConfigSetStdoutFile.invokeExact(cfg, a.allocateFrom(out.toString()));
    ok &= (boolean) n.wasiConfigSetStderrFile.invokeExact(cfg, a.allocateFrom(err.toString()));
    for (WasiCommand.Preopen p : how.preopens()) {
      boolean opened = (boolean) n.wasiConfigPreopenDir.invokeExact(cfg, a.allocateFrom(p.hostPath().toString()),
          a.allocateFrom(p.guestPath()), !p.readOnly());
      if (!opened) {
        n.wasiConfigDelete.invokeExact(cfg);
        throw new RuntimeFailure(Kind.ERROR, "wasmtime could not preopen " + p.hostPath());
      }
    }
    if (!ok) {
      n.wasiConfigDelete.invokeExact(cfg);
      throw new RuntimeFailure(Kind.ERROR, "wasmtime rejected the WASI configuration (args, env or stdio files)");
    }
    // The C API grants the whole network or none of it: any grant opens all addresses.
    if (!how.network().isEmpty()) {
      n.wasiConfigInheritNetwork.invokeExact(cfg);
    }
    n.wasiConfigAllowIpNameLookup.invokeExact(cfg, how.ipNameLookup());
    return cfg;
  }

  private static MemorySegment cStrings(List<String> strings, Arena a) {
    MemorySegment arr = a.allocate(ADDRESS, Math.max(1, strings.size()));
    for (int i = 0; i < strings.size(); i++) {
      arr.setAtIndex(ADDRESS, i, a.allocateFrom(strings.get(i)));
    }
    return arr;
  }

  private static void deleteTree(Path dir) {
    if (dir == null) {
      return;
    }
    try (var s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // best effort: a temp dir
    }
  }

  // ---- lifecycle ------------------------------------------------------------------------

  private void ensureOpen() {
    if (closed) {
      throw new RuntimeFailure(Kind.ERROR, "wasmtime runtime closed");
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    ticker.interrupt();
    List<AutoCloseable> all;
    synchronized (open) {
      all = new ArrayList<>(open);
    }
    // Stores before the modules and components they instantiated.
    all.sort(java.util.Comparator.comparingInt(c -> c instanceof StoreInstance ? 0 : 1));
    for (AutoCloseable c : all) {
      try {
        c.close();
      } catch (Exception ignored) {
        // keep closing the rest
      }
    }
    try {
      ticker.join(1000);
      n.engineDelete.invokeExact(engine);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }
}

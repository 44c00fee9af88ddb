package dev.trellis.cli;

import dev.trellis.engine.abi.FlatType;
import dev.trellis.engine.binary.Wasm;
import dev.trellis.engine.core.CoreFunc;
import dev.trellis.engine.core.CoreInstance;
import dev.trellis.engine.core.CoreModule;
import dev.trellis.engine.core.Fuel;
import dev.trellis.engine.core.CoreBackend;
import dev.trellis.engine.error.LinkException;
import dev.trellis.engine.error.TrapException;
import dev.trellis.engine.link.Component;
import dev.trellis.engine.link.Linker;
import dev.trellis.engine.runtime.Engine;
import dev.trellis.engine.runtime.EngineConfig;
import dev.trellis.engine.runtime.Func;
import dev.trellis.engine.runtime.Instance;
import dev.trellis.engine.runtime.Store;
import dev.trellis.engine.runtime.Val;
import dev.trellis.engine.runtime.WaveParser;
import dev.trellis.engine.text.ComponentWat;
import dev.trellis.engine.types.FuncType;
import dev.trellis.engine.types.PrimType;
import dev.trellis.engine.wasi.Wasi;
import dev.trellis.engine.wasi.WasiCommandRunner;
import dev.trellis.engine.wasi.WasiState;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code trellis run}: runs a component on the reference engine. Without {@code --invoke}, runs a
 * {@code wasi:cli/command} component ({@code wasi:cli/run}) with the WASI host, stdio inherited,
 * and only the capabilities the flags grant; the exit status is the program's. With
 * {@code --invoke}, calls one export with arguments written in WAVE and prints the result in
 * WAVE, as Wasmtime's {@code run --invoke} does. Components importing WASI get the WASI host
 * either way; other host definitions come from {@link #hosts}.
 */
@Command(
    name = "run",
    header = "Run a component on the reference engine: a WASI command, or one export with --invoke.",
    mixinStandardHelpOptions = true,
    description = {
      "Run a component (binary, or component text) on the reference engine.",
      "A core module (binary or text) runs too: --invoke takes and prints i32/i64/f32/f64 numbers.",
      "--invoke 'name(args)' calls the export `name` (an export of an exported instance as",
      "`interface#name`) with arguments in WAVE, the value syntax of Wasmtime's --invoke:",
      "  trellis run add.wasm --invoke 'add(1, 2)'",
      "  trellis run greet.wat --invoke 'greet(\"wörld\", [1, 2], {a: 1, b: none}, some(ok))'",
      "The result is printed in WAVE; a function without a result prints nothing.",
      "Without --invoke, runs a WASI 0.2 command (a component exporting wasi:cli/run) with stdio",
      "inherited and nothing else granted unless a flag says so; ARGS after the file (or after --)",
      "are its arguments, the file name its argv[0]:",
      "  trellis run app.wasm --dir data::/data --env LANG=C -- --verbose input.txt"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:ran", "1:the guest trapped (--invoke)",
        "2:usage error, unreadable, invalid or unlinkable input",
        "N:a WASI command's own exit status; 134 if it trapped (as Wasmtime)"})
final class RunCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "A component or core module, binary (.wasm) or text (.wat).")
  Path file;

  @Parameters(index = "1..*", paramLabel = "ARGS", description = "Arguments for the program (WASI commands).")
  List<String> programArgs = new ArrayList<>();

  @Option(names = "--invoke", paramLabel = "CALL", description = "Call an export, e.g. 'add(1, 2)'.")
  String invoke;

  @Option(names = "--fuel", paramLabel = "N", description = "Stop the guest after N core instructions (interpreter).")
  Long fuel;

  @Option(names = "--timeout", paramLabel = "DURATION", description = "Stop the guest after this long, e.g. 500ms, 10s, 2m.")
  String timeout;

  @Mixin
  EngineOptions engineOptions = new EngineOptions();

  @Mixin
  WasiOptions wasi = new WasiOptions();

  /** A WASI command that trapped exits with this status, as under Wasmtime (SIGABRT's). */
  static final int TRAPPED = 134;

  /** Adds host definitions to the linker. */
  interface Hosts {
    void define(Linker<Object> linker, Store<Object> store, RunCommand options);
  }

  /** The host definitions every run gets. */
  static final List<Hosts> hosts = new ArrayList<>();

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    CoreBackend b = engineOptions.backend();
    Engine engine = engineOptions.engine(b);
    byte[] bytes = Inputs.wasm(file, ComponentWat.Options.DEFAULT);
    if (Wasm.isCoreModule(bytes)) {
      return runCoreModule(bytes, b, out);
    }
    Component component = Inputs.decoding(file, () -> Component.fromBinary(engine, bytes));
    List<String> argv = new ArrayList<>();
    argv.add(file.toString());
    argv.addAll(programArgs);
    WasiState wasiState = new WasiState(wasi.builder().args(argv).inheritStdio()
        .deadline(timeout == null ? null : duration(timeout)).fuel(fuel == null ? Long.MAX_VALUE : fuel).build());
    if (invoke == null) {
      if (!exportsRun(component)) {
        throw new Main.UserError("nothing to run: " + file + " exports no wasi:cli/run; give --invoke 'name(args)'");
      }
      return runCommand(component, wasiState.ctx());
    }
    Store<Object> store = new Store<>(engine, wasiState);
    if (fuel != null) {
      store.setFuel(fuel);
    }
    Linker<Object> linker = new Linker<>(engine);
    if (importsWasi(component)) {
      Wasi.addToLinker(linker, o -> (WasiState) o);
    }
    for (Hosts h : hosts) {
      h.define(linker, store, this);
    }
    String name = WaveParser.callName(invoke);
    Instance instance;
    try {
      instance = linker.instantiate(store, component);
    } catch (LinkException e) {
      throw new Main.UserError(e.getMessage());
    }
    Func f = lookup(instance, name);
    Val[] args = WaveParser.callArgs(invoke, f.type());
    if (timeout != null) {
      store.setCallTimeout(duration(timeout));
    }
    try {
      Val r = f.call(args);
      if (r != null) {
        out.println(r);
      }
      out.flush();
      return Main.OK;
    } catch (TrapException t) {
      return trapped(t, out);
    } catch (IllegalArgumentException e) {
      throw new Main.UserError(e.getMessage());
    }
  }

  /**
   * A core module: {@code --invoke} calls a numeric export with i32/i64/f32/f64 arguments written
   * as WAVE numbers and prints each result on its own line, as Wasmtime does for modules.
   */
  private int runCoreModule(byte[] bytes, CoreBackend b, PrintWriter out) {
    if (invoke == null) {
      throw new Main.UserError("nothing to run: give --invoke 'name(args)'");
    }
    CoreModule m = CoreModule.compile(bytes, b);
    String name = WaveParser.callName(invoke);
    FlatType[][] sig = m.exportSignature(name);
    if (sig == null) {
      throw new Main.UserError("no exported function `" + name + "` taking and returning numbers");
    }
    List<FuncType.Param> params = new ArrayList<>();
    for (int i = 0; i < sig[0].length; i++) {
      params.add(new FuncType.Param("p" + i, prim(sig[0][i])));
    }
    Val[] args = WaveParser.callArgs(invoke, new FuncType(params, null));
    long[] raw = new long[args.length];
    for (int i = 0; i < args.length; i++) {
      raw[i] = switch (args[i]) {
        case Val.S32(int v) -> v & 0xFFFF_FFFFL;
        case Val.S64(long v) -> v;
        case Val.F32(float v) -> Float.floatToRawIntBits(v) & 0xFFFF_FFFFL;
        case Val.F64(double v) -> Double.doubleToRawLongBits(v);
        default -> throw new IllegalStateException();
      };
    }
    Fuel f = new Fuel();
    if (fuel != null) {
      f.set(fuel);
    }
    Store<Object> store = new Store<>(new Engine(EngineConfig.defaults().coreBackend(b)), null);
    if (timeout != null) {
      store.setCallTimeout(duration(timeout));
    }
    try {
      long[] r = store.enter(() -> {
        CoreInstance inst;
        try {
          inst = m.instantiate(module -> null, f);
        } catch (LinkException e) {
          throw new Main.UserError(e.getMessage());
        }
        return ((CoreFunc) inst.export(name)).call(raw);
      });
      for (int i = 0; i < sig[1].length; i++) {
        long v = r[i];
        out.println(switch (sig[1][i]) {
          case I32 -> new Val.S32((int) v);
          case I64 -> new Val.S64(v);
          case F32 -> new Val.F32(Float.intBitsToFloat((int) v));
          case F64 -> new Val.F64(Double.longBitsToDouble(v));
        });
      }
      out.flush();
      return Main.OK;
    } catch (TrapException t) {
      return trapped(t, out);
    }
  }

  /** An {@code --invoke} call trapped: what it printed so far, then the trap (exit 1). */
  private int trapped(TrapException t, PrintWriter out) {
    out.flush();
    spec.commandLine().getErr().println("trellis: guest trapped: " + t.getMessage());
    return Main.FAILURES;
  }

  private static PrimType prim(FlatType t) {
    return switch (t) {
      case I32 -> PrimType.S32;
      case I64 -> PrimType.S64;
      case F32 -> PrimType.F32;
      case F64 -> PrimType.F64;
    };
  }

  private static boolean exportsRun(Component c) {
    return WasiCommandRunner.runExport(c) != null;
  }

  private static boolean importsWasi(Component c) {
    return c.type().imports().keySet().stream().anyMatch(n -> n.startsWith("wasi:"));
  }

  /** Runs a WASI command with stdio inherited; returns its exit status. */
  private int runCommand(Component component, dev.trellis.engine.wasi.WasiCtx ctx) {
    WasiCommandRunner runner;
    try {
      runner = WasiCommandRunner.of(component);
    } catch (LinkException e) {
      throw new Main.UserError(e.getMessage());
    }
    try {
      return runner.run(ctx);
    } catch (TrapException t) {
      System.out.flush();
      spec.commandLine().getErr().println("trellis: guest trapped: " + t.getMessage());
      spec.commandLine().getErr().flush();
      return TRAPPED;
    } finally {
      System.out.flush();
      System.err.flush();
    }
  }

  private static Func lookup(Instance instance, String name) {
    int hash = name.lastIndexOf('#');
    try {
      if (hash >= 0) {
        return instance.instance(name.substring(0, hash)).func(name.substring(hash + 1));
      }
      return instance.func(name);
    } catch (IllegalArgumentException e) {
      throw new Main.UserError(e.getMessage() + "; exports: " + String.join(", ", instance.exportNames()));
    }
  }

  static Duration duration(String s) {
    try {
      if (s.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
      }
      if (s.endsWith("s")) {
        return Duration.ofMillis((long) (Double.parseDouble(s.substring(0, s.length() - 1)) * 1000));
      }
      if (s.endsWith("m")) {
        return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)) * 60);
      }
      return Duration.ofSeconds(Long.parseLong(s));
    } catch (NumberFormatException e) {
      throw new Main.UserError("--timeout: not a duration: " + s + " (e.g. 500ms, 10s, 2m)");
    }
  }
}

package dev.trellis.cli;

import dev.trellis.engine.binary.Wasm;
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
import dev.trellis.engine.validate.Features;
import dev.trellis.engine.wasi.Wasi;
import dev.trellis.engine.wasi.WasiCommandRunner;
import dev.trellis.engine.wasi.WasiState;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
    mixinStandardHelpOptions = true,
    description = {
      "Run a component (binary, or component text) on the reference engine.",
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

  @Parameters(index = "0", paramLabel = "FILE", description = "A component binary (.wasm) or component text (.wat).")
  Path file;

  @Parameters(index = "1..*", paramLabel = "ARGS", description = "Arguments for the program (WASI commands).")
  List<String> programArgs = new ArrayList<>();

  @Option(names = "--invoke", paramLabel = "CALL", description = "Call an export, e.g. 'add(1, 2)'.")
  String invoke;

  @Option(names = "--backend", paramLabel = "BACKEND", defaultValue = "interpreter",
      description = "Core backend: interpreter (default) or compiler (Chicory's compiler to JVM bytecode).")
  String backend;

  @Option(names = "--fuel", paramLabel = "N", description = "Stop the guest after N core instructions (interpreter).")
  Long fuel;

  @Option(names = "--timeout", paramLabel = "DURATION", description = "Stop the guest after this long, e.g. 500ms, 10s, 2m.")
  String timeout;

  @Option(names = {"-f", "--features"}, paramLabel = "LIST",
      description = "Feature profile to validate under, in wasm-tools' -f syntax (default: WASI 0.2 sync).")
  String features;

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
    CoreBackend b = switch (backend.toLowerCase(java.util.Locale.ROOT)) {
      case "interpreter" -> CoreBackend.INTERPRETER;
      case "compiler" -> CoreBackend.COMPILER;
      default -> throw new Main.UserError("--backend must be interpreter or compiler, not `" + backend + "`");
    };
    Engine engine = new Engine(EngineConfig.defaults().coreBackend(b)
        .features(features == null ? Features.DEFAULT : Features.parse(features)));
    Component component = Component.fromBinary(engine, read(file));
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
      out.flush();
      spec.commandLine().getErr().println("trellis: guest trapped: " + t.getMessage());
      return Main.FAILURES;
    } catch (IllegalArgumentException e) {
      throw new Main.UserError(e.getMessage());
    }
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

  static byte[] read(Path file) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new Main.UserError("no such file: " + file);
    }
    if (bytes.length >= 4 && bytes[0] == 0 && bytes[1] == 'a' && bytes[2] == 's' && bytes[3] == 'm') {
      if (Wasm.isCoreModule(bytes)) {
        throw new Main.UserError(file + " is a core module; trellis run takes components");
      }
      return bytes;
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    byte[] assembled = ComponentWat.assemble(text, file.toString(), ComponentWat.Options.DEFAULT);
    if (Wasm.isCoreModule(assembled)) {
      throw new Main.UserError(file + " is a core module; trellis run takes components");
    }
    return assembled;
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

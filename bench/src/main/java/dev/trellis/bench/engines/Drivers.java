package dev.trellis.bench.engines;

import java.util.List;

/** The in-process engines the JMH benchmarks drive, by runtime id and form. */
public final class Drivers {
  private Drivers() {}

  /** Runtime ids with an in-process JMH driver. */
  public static final List<String> IN_PROCESS = List.of("trellis", "trellis-compiler", "wasmtime", "chicory",
      "chicory-compiler", "graalwasm");

  /** The forms a runtime's driver runs: {@code component}, {@code core}, or both. */
  public static List<String> forms(String runtime) {
    return switch (runtime) {
      case "trellis", "trellis-compiler" -> List.of("component");
      case "wasmtime" -> List.of("component", "core");
      case "chicory", "chicory-compiler", "graalwasm" -> List.of("core");
      default -> List.of();
    };
  }

  /** The phases {@code runtime}'s driver times separately for {@code form} (as its {@code phases()} says). */
  public static java.util.Set<Phase> phases(String runtime, String form) {
    java.util.Set<Phase> all = java.util.EnumSet.allOf(Phase.class);
    return switch (runtime) {
      case "trellis", "trellis-compiler" -> all;
      case "wasmtime" -> form.equals("component")
          ? java.util.EnumSet.of(Phase.COMPILE, Phase.INSTANTIATE, Phase.INSTANTIATE_COLD, Phase.CALL)
          : java.util.EnumSet.of(Phase.VALIDATE, Phase.COMPILE, Phase.INSTANTIATE, Phase.INSTANTIATE_COLD, Phase.CALL);
      case "chicory" -> java.util.EnumSet.complementOf(java.util.EnumSet.of(Phase.COMPILE));
      case "chicory-compiler" -> all;
      case "graalwasm" -> java.util.EnumSet.of(Phase.COMPILE, Phase.INSTANTIATE, Phase.INSTANTIATE_COLD, Phase.CALL);
      default -> java.util.EnumSet.noneOf(Phase.class);
    };
  }

  /** Opens the driver of {@code runtime} for {@code form} ({@code component} or {@code core}). */
  public static EngineDriver open(String runtime, String form) {
    if (!forms(runtime).contains(form)) {
      throw new IllegalArgumentException(runtime + " has no in-process driver for " + form + "s");
    }
    return switch (runtime) {
      case "trellis" -> TrellisDriver.interpreter();
      case "trellis-compiler" -> TrellisDriver.compiler();
      case "wasmtime" -> new WasmtimeDriver(form.equals("component"));
      case "chicory" -> new ChicoryDriver("chicory", false);
      case "chicory-compiler" -> new ChicoryDriver("chicory-compiler", true);
      case "graalwasm" -> graalWasm();
      default -> throw new IllegalArgumentException("no in-process driver for " + runtime);
    };
  }

  /** GraalWasm, loaded only when asked for: its classes need polyglot on the module path. */
  private static EngineDriver graalWasm() {
    try {
      return (EngineDriver) Class.forName("dev.trellis.bench.engines.GraalWasmDriver").getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new IllegalStateException("GraalWasm is not on this JVM's module path (run it in a fork with "
          + "GraalWasmProvider.jvmOptions): " + e, e);
    }
  }
}

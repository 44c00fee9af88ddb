package dev.trellis.cli;

import dev.trellis.engine.core.CoreBackend;
import dev.trellis.engine.runtime.Engine;
import dev.trellis.engine.runtime.EngineConfig;
import dev.trellis.engine.validate.Features;
import java.util.Locale;
import picocli.CommandLine.Option;

/** How {@code trellis run} and {@code trellis serve} configure the reference engine. */
final class EngineOptions {
  @Option(names = "--backend", paramLabel = "BACKEND", defaultValue = "interpreter",
      description = "Core backend: interpreter (default) or compiler (Chicory's compiler to JVM bytecode).")
  String backend;

  @Option(names = {"-f", "--features"}, paramLabel = "LIST",
      description = "Feature profile to validate under, in wasm-tools' -f syntax (default: WASI 0.2 sync).")
  String features;

  CoreBackend backend() {
    return switch (backend.toLowerCase(Locale.ROOT)) {
      case "interpreter" -> CoreBackend.INTERPRETER;
      case "compiler" -> CoreBackend.COMPILER;
      default -> throw new Main.UserError("--backend must be interpreter or compiler, not `" + backend + "`");
    };
  }

  /** An engine on backend {@code b} validating under {@code --features}. */
  Engine engine(CoreBackend b) {
    return new Engine(EngineConfig.defaults().coreBackend(b)
        .features(features == null ? Features.DEFAULT : Features.parse(features)));
  }
}

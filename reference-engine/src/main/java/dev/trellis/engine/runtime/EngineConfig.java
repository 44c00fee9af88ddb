package dev.trellis.engine.runtime;

import dev.trellis.engine.core.CoreBackend;
import dev.trellis.engine.validate.Features;

/**
 * How an {@link Engine} compiles and runs components. Immutable; change one setting with the
 * {@code with…} methods.
 *
 * @param coreBackend Chicory's interpreter (default) or its runtime compiler
 * @param features the feature profile components are validated under
 */
public record EngineConfig(CoreBackend coreBackend, Features features) {

  public EngineConfig {
    if (coreBackend == null) {
      coreBackend = CoreBackend.INTERPRETER;
    }
    if (features == null) {
      features = Features.DEFAULT;
    }
  }

  /** The defaults: interpreter, WASI 0.2 sync feature profile. */
  public static EngineConfig defaults() {
    return new EngineConfig(CoreBackend.INTERPRETER, Features.DEFAULT);
  }

  public EngineConfig coreBackend(CoreBackend backend) {
    return new EngineConfig(backend, features);
  }

  public EngineConfig features(Features f) {
    return new EngineConfig(coreBackend, f);
  }
}

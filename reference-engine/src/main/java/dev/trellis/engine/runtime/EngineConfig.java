package dev.trellis.engine.runtime;

import dev.trellis.engine.core.CoreBackend;
import dev.trellis.engine.validate.Features;

/**
 * How an {@link Engine} compiles and runs components. Immutable; each setter returns a copy.
 *
 * @param coreBackend Chicory's interpreter (default) or its runtime compiler
 * @param features the feature profile components are validated under
 * @param compileCache with the compiler backend, a directory where the JVM classes compiled
 *     from each core module are kept (keyed by the module's digest) and reused by later
 *     compilations, in this process or another; null for none
 */
public record EngineConfig(CoreBackend coreBackend, Features features, java.nio.file.Path compileCache) {

  public EngineConfig {
    if (coreBackend == null) {
      coreBackend = CoreBackend.INTERPRETER;
    }
    if (features == null) {
      features = Features.DEFAULT;
    }
  }

  public EngineConfig(CoreBackend coreBackend, Features features) {
    this(coreBackend, features, null);
  }

  /** The defaults: interpreter, WASI 0.2 sync feature profile, no compile cache. */
  public static EngineConfig defaults() {
    return new EngineConfig(CoreBackend.INTERPRETER, Features.DEFAULT, null);
  }

  public EngineConfig coreBackend(CoreBackend backend) {
    return new EngineConfig(backend, features, compileCache);
  }

  public EngineConfig features(Features f) {
    return new EngineConfig(coreBackend, f, compileCache);
  }

  public EngineConfig compileCache(java.nio.file.Path dir) {
    return new EngineConfig(coreBackend, features, dir);
  }
}

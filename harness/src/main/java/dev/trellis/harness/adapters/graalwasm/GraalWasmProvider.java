package dev.trellis.harness.adapters.graalwasm;

import dev.trellis.harness.spi.Feature;
import dev.trellis.harness.spi.Probe;
import dev.trellis.harness.spi.Runtime;
import dev.trellis.harness.spi.RuntimeFailure;
import dev.trellis.harness.spi.RuntimeProvider;
import java.util.EnumSet;
import java.util.Set;

/** GraalWasm ({@code graalwasm}): core modules, JIT-compiled through JVMCI where the JVM allows. */
public final class GraalWasmProvider implements RuntimeProvider {
  static final String ID = "graalwasm";
  static final Set<Feature> FEATURES = java.util.Collections.unmodifiableSet(EnumSet.of(Feature.CORE_MODULE, Feature.INVOKE));

  private static volatile String mode;

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String description() {
    return "GraalWasm in a worker JVM with the Graal compiler (JVMCI); core modules";
  }

  @Override
  public Set<Feature> features() {
    return FEATURES;
  }

  /** Finds the jars and starts a worker once to learn whether it runs JIT or interpreted. */
  @Override
  public Probe probe() {
    StringBuilder why = new StringBuilder();
    GraalWasmJars.Found jars = GraalWasmJars.find(why);
    if (jars == null) {
      return Probe.missing(why.toString());
    }
    String m = mode;
    if (m == null) {
      try (Runtime rt = GraalWasmRuntime.start(jars)) {
        m = rt.detail();
        mode = m;
      } catch (RuntimeFailure f) {
        return Probe.missing("the GraalWasm worker does not start: " + f.getMessage());
      }
    }
    return Probe.available(jars.version(), m);
  }

  /**
   * The JVM options that give a JVM GraalWasm on its module path and, with {@code jit}, the
   * Graal compiler through JVMCI (as the worker is started), for code that runs GraalWasm in a
   * JVM of its own, such as the bench's JMH forks; empty when the jars are not found.
   */
  public static java.util.Optional<java.util.List<String>> jvmOptions(boolean jit) {
    GraalWasmJars.Found jars = GraalWasmJars.find(new StringBuilder());
    return jars == null ? java.util.Optional.empty() : java.util.Optional.of(GraalWasmRuntime.jvmOptions(jars, jit));
  }

  @Override
  public Runtime open() {
    StringBuilder why = new StringBuilder();
    GraalWasmJars.Found jars = GraalWasmJars.find(why);
    if (jars == null) {
      throw RuntimeFailure.unsupported("graalwasm: " + why);
    }
    GraalWasmRuntime rt = GraalWasmRuntime.start(jars);
    mode = rt.detail();
    return rt;
  }
}

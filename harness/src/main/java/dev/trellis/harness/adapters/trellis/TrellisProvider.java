package dev.trellis.harness.adapters.trellis;

import dev.trellis.engine.core.CoreBackend;
import dev.trellis.harness.spi.Feature;
import dev.trellis.harness.spi.Probe;
import dev.trellis.harness.spi.Runtime;
import dev.trellis.harness.spi.RuntimeProvider;
import java.util.EnumSet;
import java.util.Set;

/**
 * The reference engine ({@code trellis}: Chicory's interpreter; {@code trellis-compiler}:
 * Chicory's runtime compiler). Always available: it is this program.
 */
public class TrellisProvider implements RuntimeProvider {
  static final Set<Feature> FEATURES = java.util.Collections.unmodifiableSet(EnumSet.of(
      Feature.CORE_MODULE, Feature.COMPONENT, Feature.RESOURCES, Feature.INVOKE, Feature.WASI_COMMAND,
      Feature.WASI_HTTP));

  private final CoreBackend backend;

  public TrellisProvider() {
    this(CoreBackend.INTERPRETER);
  }

  protected TrellisProvider(CoreBackend backend) {
    this.backend = backend;
  }

  /** {@code trellis-compiler}. */
  public static final class Compiler extends TrellisProvider {
    public Compiler() {
      super(CoreBackend.COMPILER);
    }
  }

  @Override
  public String id() {
    return backend == CoreBackend.COMPILER ? "trellis-compiler" : "trellis";
  }

  @Override
  public String description() {
    return "the reference engine in-process, core Wasm on Chicory's " + (backend == CoreBackend.COMPILER ? "compiler" : "interpreter");
  }

  @Override
  public Set<Feature> features() {
    return FEATURES;
  }

  static String detail(CoreBackend backend) {
    return "in-process, Chicory " + (backend == CoreBackend.COMPILER ? "runtime compiler" : "interpreter");
  }

  static String version() {
    String v = TrellisProvider.class.getPackage().getImplementationVersion();
    if (v == null) {
      v = dev.trellis.harness.adapters.Versions.maven("dev.trellis", "reference-engine");
    }
    return v == null ? "dev" : v;
  }

  @Override
  public Probe probe() {
    return Probe.available(version(), detail(backend));
  }

  @Override
  public Runtime open() {
    return new TrellisRuntime(id(), backend, version());
  }
}

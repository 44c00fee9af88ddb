package dev.trellis.harness.adapters.chicory;

import dev.trellis.harness.adapters.Versions;
import dev.trellis.harness.spi.Feature;
import dev.trellis.harness.spi.Probe;
import dev.trellis.harness.spi.Runtime;
import dev.trellis.harness.spi.RuntimeProvider;
import java.util.EnumSet;
import java.util.Set;

/** Chicory ({@code chicory}: interpreter, {@code chicory-compiler}: runtime compiler). */
public class ChicoryProvider implements RuntimeProvider {
  static final Set<Feature> FEATURES = java.util.Collections.unmodifiableSet(EnumSet.of(Feature.CORE_MODULE, Feature.INVOKE));

  private final boolean compiler;

  public ChicoryProvider() {
    this(false);
  }

  protected ChicoryProvider(boolean compiler) {
    this.compiler = compiler;
  }

  /** The {@code chicory-compiler} id. */
  public static final class Compiler extends ChicoryProvider {
    public Compiler() {
      super(true);
    }
  }

  @Override
  public String id() {
    return compiler ? "chicory-compiler" : "chicory";
  }

  @Override
  public String description() {
    return "Chicory " + (compiler ? "runtime compiler" : "interpreter") + ", in-process (core modules)";
  }

  @Override
  public Set<Feature> features() {
    return FEATURES;
  }

  private static String version() {
    String v = Versions.maven("com.dylibso.chicory", "runtime");
    return v == null ? "unknown" : v;
  }

  @Override
  public Probe probe() {
    try {
      Class.forName(compiler ? "com.dylibso.chicory.compiler.MachineFactoryCompiler" : "com.dylibso.chicory.runtime.Instance",
          false, ChicoryProvider.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      return Probe.missing("Chicory is not on the class path");
    }
    return Probe.available(version(), compiler ? "in-process, runtime compiler" : "in-process, interpreter");
  }

  @Override
  public Runtime open() {
    return new ChicoryRuntime(id(), compiler, version());
  }
}

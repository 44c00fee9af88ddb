package dev.trellis.harness.adapters.jco;

import dev.trellis.harness.adapters.NodeTools;
import dev.trellis.harness.spi.Feature;
import dev.trellis.harness.spi.Probe;
import dev.trellis.harness.spi.Runtime;
import dev.trellis.harness.spi.RuntimeFailure;
import dev.trellis.harness.spi.RuntimeProvider;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** jco ({@code @bytecodealliance/jco}) on Node.js with preview2-shim ({@code jco}). */
public final class JcoProvider implements RuntimeProvider {
  static final String ID = "jco";
  static final Set<Feature> FEATURES = java.util.Collections.unmodifiableSet(EnumSet.of(
      Feature.COMPONENT, Feature.RESOURCES, Feature.INVOKE, Feature.WASI_COMMAND, Feature.WASI_HTTP));

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String description() {
    return "jco: components transpiled to JavaScript, on Node.js with preview2-shim";
  }

  @Override
  public Set<Feature> features() {
    return FEATURES;
  }

  private record Found(java.nio.file.Path node, String jco, String detail) {}

  private static Optional<Found> find(StringBuilder why) {
    Optional<String> missing = NodeTools.missing("@bytecodealliance/jco");
    if (missing.isPresent()) {
      why.append(missing.get());
      return Optional.empty();
    }
    Optional<String> shim = NodeTools.packageVersion("@bytecodealliance/preview2-shim");
    if (shim.isEmpty()) {
      why.append("not installed: @bytecodealliance/preview2-shim not found under ").append(NodeTools.nodeModules());
      return Optional.empty();
    }
    String nodeVersion = NodeTools.nodeVersion().orElse("unknown");
    String jco = NodeTools.packageVersion("@bytecodealliance/jco").orElseThrow();
    return Optional.of(new Found(NodeTools.node().orElseThrow(), jco,
        "preview2-shim " + shim.get() + ", Node " + nodeVersion + ", " + NodeTools.nodeModules()));
  }

  @Override
  public Probe probe() {
    StringBuilder why = new StringBuilder();
    return find(why).<Probe>map(f -> Probe.available(f.jco(), f.detail())).orElseGet(() -> Probe.missing(why.toString()));
  }

  @Override
  public Runtime open() {
    StringBuilder why = new StringBuilder();
    Found f = find(why).orElseThrow(() -> RuntimeFailure.unsupported("jco: " + why));
    return new JcoRuntime(f.node(), NodeTools.nodeModules(), f.jco(), f.detail());
  }
}

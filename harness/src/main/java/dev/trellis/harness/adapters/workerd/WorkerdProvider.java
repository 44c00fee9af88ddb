package dev.trellis.harness.adapters.workerd;

import dev.trellis.harness.adapters.NodeTools;
import dev.trellis.harness.adapters.Processes;
import dev.trellis.harness.spi.Feature;
import dev.trellis.harness.spi.Probe;
import dev.trellis.harness.spi.Runtime;
import dev.trellis.harness.spi.RuntimeFailure;
import dev.trellis.harness.spi.RuntimeProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Cloudflare's workerd ({@code workerd}, npm package {@code workerd}): core modules in a
 * worker, components through jco-transpiled modules, driven over HTTP on 127.0.0.1.
 */
public final class WorkerdProvider implements RuntimeProvider {
  static final String ID = "workerd";
  static final Set<Feature> FEATURES = java.util.Collections.unmodifiableSet(EnumSet.of(
      Feature.CORE_MODULE, Feature.COMPONENT, Feature.RESOURCES, Feature.INVOKE));

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String description() {
    return "workerd: core modules in a worker, components as jco-transpiled modules, over HTTP on 127.0.0.1";
  }

  @Override
  public Set<Feature> features() {
    return FEATURES;
  }

  /** {@code TRELLIS_WORKERD}, else the npm package's binary, else {@code workerd} on PATH. */
  public static Optional<Path> binary() {
    String configured = Processes.setting("TRELLIS_WORKERD");
    if (configured != null) {
      Path p = Path.of(configured);
      return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }
    Path npm = NodeTools.nodeModules().resolve("workerd/bin/workerd");
    if (Files.isExecutable(npm)) {
      return Optional.of(npm);
    }
    return Processes.onPath("workerd");
  }

  /** The compatibility date every worker is configured with. */
  static final String COMPATIBILITY_DATE = "2025-01-01";

  /** One entry of a worker's {@code modules} list: {@code kind} is {@code wasm} or {@code esModule}, embedded by file name. */
  public static String module(String name, String kind) {
    return "(name = \"" + name + "\", " + kind + " = embed \"" + name + "\")";
  }

  /**
   * A workerd config serving one worker made of {@code modules} (the first is its main module)
   * over HTTP on {@code 127.0.0.1:port}.
   */
  public static String config(List<String> modules, int port) {
    return "using Workerd = import \"/workerd/workerd.capnp\";\n"
        + "const config :Workerd.Config = (\n"
        + "  services = [ (name = \"main\", worker = .worker) ],\n"
        + "  sockets = [ (name = \"http\", address = \"127.0.0.1:" + port + "\", http = (), service = \"main\") ],\n"
        + ");\n"
        + "const worker :Workerd.Worker = (\n"
        + "  modules = [\n    " + String.join(",\n    ", modules) + "\n  ],\n"
        + "  compatibilityDate = \"" + COMPATIBILITY_DATE + "\",\n"
        + ");\n";
  }

  private record Found(Path workerd, String version, String detail) {}

  private static Found find(StringBuilder why) {
    Optional<Path> bin = binary();
    if (bin.isEmpty()) {
      why.append("not installed: no workerd under ").append(NodeTools.nodeModules())
          .append(" (run npm ci in node/) or on PATH, and TRELLIS_WORKERD is not set");
      return null;
    }
    Optional<String> v = Processes.firstLine(List.of(bin.get().toString(), "--version"), Duration.ofSeconds(20));
    if (v.isEmpty()) {
      why.append(bin.get()).append(" --version failed");
      return null;
    }
    String version = NodeTools.packageVersion("workerd").orElse(v.get().replaceFirst("^workerd\\s+", ""));
    String components = NodeTools.missing("@bytecodealliance/jco").map(m -> "; components need jco: " + m).orElse("");
    return new Found(bin.get(), version, v.get() + " at " + bin.get() + components);
  }

  @Override
  public Probe probe() {
    StringBuilder why = new StringBuilder();
    Found f = find(why);
    return f == null ? Probe.missing(why.toString()) : Probe.available(f.version(), f.detail());
  }

  @Override
  public Runtime open() {
    StringBuilder why = new StringBuilder();
    Found f = find(why);
    if (f == null) {
      throw RuntimeFailure.unsupported("workerd: " + why);
    }
    return new WorkerdRuntime(f.workerd(), f.version(), f.detail());
  }
}

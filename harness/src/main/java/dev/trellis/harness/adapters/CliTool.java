package dev.trellis.harness.adapters;

import dev.trellis.harness.spi.Feature;
import dev.trellis.harness.spi.Instance;
import dev.trellis.harness.spi.Loaded;
import dev.trellis.harness.spi.Probe;
import dev.trellis.harness.spi.RuntimeFailure;
import dev.trellis.harness.spi.Wasm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A runtime's command-line tool ({@code spin}, {@code wasmtime}): found through a setting or
 * on PATH, probed with {@code --version}.
 *
 * @param name the executable's name on PATH
 * @param setting the environment variable (or {@code trellis.*} property) that names it
 * @param version the version in what {@code --version} prints
 */
public record CliTool(String name, String setting, UnaryOperator<String> version) {

  public Optional<Path> binary() {
    String configured = Processes.setting(setting);
    if (configured != null) {
      Path p = Path.of(configured);
      return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }
    return Processes.onPath(name);
  }

  /** Found, with its version, or why not. */
  public Probe probe() {
    Optional<Path> bin = binary();
    if (bin.isEmpty()) {
      String configured = Processes.setting(setting);
      return Probe.missing(configured != null ? "not installed: " + setting + "=" + configured + " is not executable"
          : "not installed: " + name + " is not on PATH (and " + setting + " is not set)");
    }
    return Processes.firstLine(List.of(bin.get().toString(), "--version"), Duration.ofSeconds(20))
        .<Probe>map(v -> Probe.available(version.apply(v), v + " at " + bin.get()))
        .orElseGet(() -> Probe.missing(bin.get() + " --version failed"));
  }

  /**
   * A runtime driven through this tool, which runs commands or serves HTTP but takes no calls:
   * load and instantiate are unsupported.
   */
  public abstract static class Driven extends AbstractRuntime {
    protected final Path binary;

    protected Driven(String id, CliTool tool, Set<Feature> features) {
      if (!(tool.probe() instanceof Probe.Available(String v, String d))) {
        throw RuntimeFailure.unsupported(id + ": " + ((Probe.Missing) tool.probe()).reason());
      }
      super(id, v, d, features);
      this.binary = tool.binary().orElseThrow();
    }

    @Override
    public Loaded load(Wasm wasm) {
      throw RuntimeFailure.unsupported(id() + " runs commands or serves HTTP; it takes no calls");
    }

    @Override
    public Instance instantiate(Loaded loaded) {
      throw RuntimeFailure.unsupported(id() + " runs commands or serves HTTP; it takes no calls");
    }

    @Override
    public void close() {}
  }
}

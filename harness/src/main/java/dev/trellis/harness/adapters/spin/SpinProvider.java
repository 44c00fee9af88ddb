package dev.trellis.harness.adapters.spin;

import dev.trellis.harness.adapters.CliServer;
import dev.trellis.harness.adapters.CliTool;
import dev.trellis.harness.spi.Feature;
import dev.trellis.harness.spi.HttpService;
import dev.trellis.harness.spi.Probe;
import dev.trellis.harness.spi.Runtime;
import dev.trellis.harness.spi.RuntimeFailure;
import dev.trellis.harness.spi.RuntimeProvider;
import dev.trellis.harness.spi.Wasm;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Fermyon's Spin CLI ({@code spin}): serves a {@code wasi:http} component with
 * {@code spin up --from COMPONENT.wasm --listen HOST:PORT}, as Spin's documentation describes
 * running a Wasm file without a manifest (an HTTP application routed at {@code /...}). Spin
 * runs triggers, not calls: it declares no invoke and no commands. Found as {@code spin} on
 * PATH or {@code TRELLIS_SPIN}.
 */
public final class SpinProvider implements RuntimeProvider {
  static final String ID = "spin";
  static final Set<Feature> FEATURES = java.util.Collections.unmodifiableSet(EnumSet.of(Feature.COMPONENT, Feature.WASI_HTTP));

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String description() {
    return "Spin CLI: wasi:http components served with spin up --from";
  }

  @Override
  public Set<Feature> features() {
    return FEATURES;
  }

  static final CliTool TOOL = new CliTool("spin", "TRELLIS_SPIN", SpinProvider::version);

  /** The command that serves {@code component} on {@code hostPort}. */
  static List<String> upCommand(Path spin, Path component, String hostPort) {
    return List.of(spin.toString(), "up", "--from", component.toString(), "--listen", hostPort);
  }

  /** {@code spin --version} prints e.g. {@code spin 3.4.1 (8c2b6ee 2025-08-01)}; this is {@code 3.4.1}. */
  static String version(String line) {
    return line.replaceFirst("^spin\\s+", "").replaceFirst("\\s.*$", "");
  }

  @Override
  public Probe probe() {
    return TOOL.probe();
  }

  @Override
  public Runtime open() {
    return new CliTool.Driven(ID, TOOL, FEATURES) {
      @Override
      public HttpService serveHttp(Wasm proxy, InetSocketAddress address) {
        if (proxy.kind() != Wasm.Kind.COMPONENT) {
          throw RuntimeFailure.unsupported("spin up --from serves components, not core modules");
        }
        return CliServer.start(proxy.bytes(), address, Duration.ofSeconds(60),
            (wasm, host, port) -> upCommand(binary, wasm, CliServer.hostPort(host, port)));
      }
    };
  }
}

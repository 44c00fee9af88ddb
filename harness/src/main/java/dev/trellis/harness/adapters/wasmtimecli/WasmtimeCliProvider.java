package dev.trellis.harness.adapters.wasmtimecli;

import dev.trellis.harness.adapters.CliServer;
import dev.trellis.harness.adapters.CliTool;
import dev.trellis.harness.adapters.Processes;
import dev.trellis.harness.spi.Feature;
import dev.trellis.harness.spi.HttpService;
import dev.trellis.harness.spi.Probe;
import dev.trellis.harness.spi.Runtime;
import dev.trellis.harness.spi.RuntimeFailure;
import dev.trellis.harness.spi.RuntimeFailure.Kind;
import dev.trellis.harness.spi.RuntimeProvider;
import dev.trellis.harness.spi.WasiCommand;
import dev.trellis.harness.spi.WasiResult;
import dev.trellis.harness.spi.Wasm;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Wasmtime command line ({@code wasmtime-cli}), a second way into Wasmtime where a user
 * has it: {@code wasmtime run} for WASI commands, {@code wasmtime serve} for {@code wasi:http}.
 * Found as {@code wasmtime} on PATH or {@code TRELLIS_WASMTIME_CLI}.
 */
public final class WasmtimeCliProvider implements RuntimeProvider {
  static final String ID = "wasmtime-cli";
  static final Set<Feature> FEATURES = java.util.Collections.unmodifiableSet(EnumSet.of(
      Feature.COMPONENT, Feature.WASI_COMMAND, Feature.WASI_HTTP));

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String description() {
    return "the Wasmtime CLI: wasmtime run (WASI commands), wasmtime serve (wasi:http)";
  }

  @Override
  public Set<Feature> features() {
    return FEATURES;
  }

  static final CliTool TOOL = new CliTool("wasmtime", "TRELLIS_WASMTIME_CLI", WasmtimeCliProvider::version);

  /**
   * {@code wasmtime run}: {@code --argv0} names the program, each preopen is
   * {@code --dir HOST::GUEST}, each variable {@code --env NAME=VALUE}; nothing else is granted
   * (the CLI inherits no environment and preopens nothing unless told).
   */
  static List<String> runCommand(Path wasmtime, Path component, String program, WasiCommand how) {
    List<String> cmd = new ArrayList<>(List.of(wasmtime.toString(), "run", "--argv0", program));
    for (WasiCommand.Preopen p : how.preopens()) {
      if (p.readOnly()) {
        throw RuntimeFailure.unsupported("the wasmtime CLI has no read-only --dir (" + p.guestPath() + ")");
      }
      cmd.add("--dir");
      cmd.add(p.hostPath().toAbsolutePath() + "::" + p.guestPath());
    }
    for (Map.Entry<String, String> e : how.env().entrySet()) {
      cmd.add("--env");
      cmd.add(e.getKey() + "=" + e.getValue());
    }
    // The CLI grants the whole network or none of it.
    if (!how.network().isEmpty()) {
      cmd.addAll(List.of("-S", "inherit-network"));
    }
    if (how.ipNameLookup()) {
      cmd.addAll(List.of("-S", "allow-ip-name-lookup"));
    }
    if (!how.http().isEmpty()) {
      cmd.addAll(List.of("-S", "http"));
    }
    cmd.add(component.toString());
    cmd.addAll(how.args());
    return cmd;
  }

  /** {@code wasmtime serve --addr HOST:PORT COMPONENT}. */
  static List<String> serveCommand(Path wasmtime, Path component, String hostPort) {
    return List.of(wasmtime.toString(), "serve", "--addr", hostPort, component.toString());
  }

  /** {@code wasmtime --version} prints e.g. {@code wasmtime 49.0.0 (4fc1e4f 2025-12-20)}; this is {@code 49.0.0}. */
  static String version(String line) {
    return line.replaceFirst("^wasmtime(-cli)?\\s+", "").replaceFirst("\\s.*$", "");
  }

  /**
   * The trap message of a failed {@code wasmtime run}: Wasmtime reports a trap as an error
   * naming "wasm trap" (or the backtrace it came with); an exit through {@code wasi:cli/exit}
   * prints nothing of the kind.
   */
  static String trapMessage(int exitCode, String stderr) {
    if (exitCode == 0) {
      return null;
    }
    return stderr.lines().filter(l -> l.contains("wasm trap")).map(String::strip).findFirst()
        .orElse(stderr.contains("error while executing at wasm backtrace") ? "wasm trap" : null);
  }

  @Override
  public Probe probe() {
    return TOOL.probe();
  }

  @Override
  public Runtime open() {
    return new CliTool.Driven(ID, TOOL, FEATURES) {
      @Override
      public WasiResult runCommand(Wasm command, WasiCommand how) {
        Path dir = null;
        try {
          dir = Files.createTempDirectory("trellis-wasmtime-cli-");
          Path wasm = dir.resolve("command.wasm");
          Files.write(wasm, command.bytes());
          Processes.Result r = Processes.run(WasmtimeCliProvider.runCommand(binary, wasm, command.name(), how), dir,
              Map.of(), how.stdin(), how.timeout());
          if (r.timedOut()) {
            throw new RuntimeFailure(Kind.TIMEOUT, "wasmtime run did not finish within " + how.timeout(), r.err(), null);
          }
          return new WasiResult(r.exitCode(), r.stdout(), r.stderr(), trapMessage(r.exitCode(), r.err()));
        } catch (IOException e) {
          throw new RuntimeFailure(Kind.ERROR, "running wasmtime: " + e.getMessage(), e);
        } finally {
          CliServer.deleteTree(dir);
        }
      }

      @Override
      public HttpService serveHttp(Wasm proxy, InetSocketAddress address) {
        return CliServer.start(proxy.bytes(), address, Duration.ofSeconds(60),
            (wasm, host, port) -> serveCommand(binary, wasm, CliServer.hostPort(host, port)));
      }

    };
  }
}

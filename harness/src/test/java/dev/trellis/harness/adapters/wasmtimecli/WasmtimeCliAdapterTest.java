package dev.trellis.harness.adapters.wasmtimecli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.harness.TestTools;
import dev.trellis.harness.adapters.Processes;
import dev.trellis.harness.adapters.StandIn;
import dev.trellis.harness.spi.HttpService;
import dev.trellis.harness.spi.Probe;
import dev.trellis.harness.spi.Runtime;
import dev.trellis.harness.spi.RuntimeFailure;
import dev.trellis.harness.spi.WasiCommand;
import dev.trellis.harness.spi.WasiResult;
import dev.trellis.harness.spi.Wasm;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Wasmtime CLI is not installed here (the wasmtime runtime uses its C API instead), so this
 * adapter is tested against the CLI's documented command line.
 */
class WasmtimeCliAdapterTest {
  @AfterEach
  void clear() {
    System.clearProperty("trellis.wasmtime.cli");
  }

  @Test
  void buildsTheDocumentedCommands() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("A", "1");
    env.put("B", "x y");
    WasiCommand how = WasiCommand.of("one", "two words").withEnv(env)
        .withPreopens(List.of(new WasiCommand.Preopen(Path.of("/data/in"), "/in", false)));
    assertThat(WasmtimeCliProvider.runCommand(Path.of("/bin/wasmtime"), Path.of("/tmp/c.wasm"), "prog", how))
        .containsExactly("/bin/wasmtime", "run", "--argv0", "prog", "--dir", "/data/in::/in", "--env", "A=1", "--env", "B=x y",
            "/tmp/c.wasm", "one", "two words");
    assertThat(WasmtimeCliProvider.serveCommand(Path.of("/bin/wasmtime"), Path.of("/tmp/p.wasm"), "127.0.0.1:8080"))
        .containsExactly("/bin/wasmtime", "serve", "--addr", "127.0.0.1:8080", "/tmp/p.wasm");
    // The CLI cannot make a preopen read-only: refused rather than granted writable.
    WasiCommand readOnly = WasiCommand.of().withPreopens(List.of(new WasiCommand.Preopen(Path.of("/d"), "/d", true)));
    assertThatThrownBy(() -> WasmtimeCliProvider.runCommand(Path.of("/bin/wasmtime"), Path.of("/tmp/c.wasm"), "p", readOnly))
        .isInstanceOfSatisfying(RuntimeFailure.class, f -> assertThat(f.kind()).isEqualTo(RuntimeFailure.Kind.UNSUPPORTED));
    assertThat(WasmtimeCliProvider.version("wasmtime 49.0.0 (4fc1e4f 2025-12-20)")).isEqualTo("49.0.0");
  }

  @Test
  void tellsTrapsFromExits() {
    assertThat(WasmtimeCliProvider.trapMessage(0, "")).isNull();
    assertThat(WasmtimeCliProvider.trapMessage(1, "guest wrote this\n")).isNull();
    assertThat(WasmtimeCliProvider.trapMessage(134, """
        Error: failed to run main module `c.wasm`

        Caused by:
            0: failed to invoke command default
            1: error while executing at wasm backtrace:
                   0:  0x1b3 - <unknown>!<wasm function 3>
            2: wasm trap: wasm `unreachable` instruction executed
        """)).isEqualTo("2: wasm trap: wasm `unreachable` instruction executed");
  }

  @Test
  void reportsWhyTheCliIsMissing() {
    if (Processes.onPath("wasmtime").isPresent()) {
      assertThat(new WasmtimeCliProvider().probe()).isInstanceOf(Probe.Available.class);
      return;
    }
    assertThat(new WasmtimeCliProvider().probe())
        .isEqualTo(Probe.missing("not installed: wasmtime is not on PATH (and TRELLIS_WASMTIME_CLI is not set)"));
  }

  @Test
  void runsAndServesThroughTheDocumentedCommandLine(@TempDir Path tmp) throws Exception {
    Path wasmtime = StandIn.script(tmp, "wasmtime", StandIn.SERVE + """
        if [ "$1" = "--version" ]; then echo "wasmtime 49.0.0 (4fc1e4f 2025-12-20)"; exit 0; fi
        if [ "$1" = run ]; then
          [ "$2" = --argv0 ] || { echo "bad args: $*" >&2; exit 2; }
          echo "argv0=$3 rest=${*:4}"; cat >&2; exit 3
        fi
        [ "$1" = serve ] && [ "$2" = --addr ] && [ -f "$4" ] || { echo "bad args: $*" >&2; exit 2; }
        serve "${3%:*}" "${3##*:}"
        """);
    System.setProperty("trellis.wasmtime.cli", wasmtime.toString());
    try (Runtime rt = new WasmtimeCliProvider().open()) {
      assertThat(rt.version()).isEqualTo("49.0.0");
      Wasm component = Wasm.of("echo", TestTools.witComponent("echo", "echoer"));
      WasiResult r = rt.runCommand(component, WasiCommand.of("a").withStdin("in".getBytes(StandardCharsets.UTF_8)));
      assertThat(r.exitCode()).isEqualTo(3);
      assertThat(r.stdoutText()).matches("argv0=echo rest=\\S+/command\\.wasm a\\n");
      assertThat(r.stderrText()).isEqualTo("in");
      assertThat(r.trapped()).isFalse();
      try (HttpService s = rt.serveHttp(component, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
        HttpResponse<String> resp = HttpClient.newHttpClient().send(HttpRequest.newBuilder(s.uri()).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(resp.body()).isEqualTo("stand-in ok\n");
      }
    }
  }
}

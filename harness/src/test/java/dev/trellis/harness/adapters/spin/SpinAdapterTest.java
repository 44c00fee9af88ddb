package dev.trellis.harness.adapters.spin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.harness.TestTools;
import dev.trellis.harness.adapters.Processes;
import dev.trellis.harness.adapters.StandIn;
import dev.trellis.harness.spi.Feature;
import dev.trellis.harness.spi.HttpService;
import dev.trellis.harness.spi.Probe;
import dev.trellis.harness.spi.Runtime;
import dev.trellis.harness.spi.RuntimeFailure;
import dev.trellis.harness.spi.Wasm;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spin cannot be installed here, so the adapter is tested against Spin's documented command
 * line: {@code spin --version}, and {@code spin up --from FILE.wasm --listen HOST:PORT} serving
 * the component as an HTTP application.
 */
class SpinAdapterTest {
  @AfterEach
  void clear() {
    System.clearProperty("trellis.spin");
  }

  @Test
  void buildsTheDocumentedUpCommand() {
    assertThat(SpinProvider.upCommand(Path.of("/opt/spin"), Path.of("/tmp/x/app.wasm"), "127.0.0.1:8080"))
        .containsExactly("/opt/spin", "up", "--from", "/tmp/x/app.wasm", "--listen", "127.0.0.1:8080");
    assertThat(SpinProvider.version("spin 3.4.1 (8c2b6ee 2025-08-01)")).isEqualTo("3.4.1");
  }

  @Test
  void reportsWhySpinIsMissing() {
    if (Processes.onPath("spin").isPresent()) {
      // A machine with Spin: the probe must find it and name its version.
      assertThat(new SpinProvider().probe()).isInstanceOf(Probe.Available.class);
      return;
    }
    assertThat(new SpinProvider().probe()).isEqualTo(Probe.missing("not installed: spin is not on PATH (and TRELLIS_SPIN is not set)"));
    assertThatThrownBy(() -> new SpinProvider().open()).isInstanceOfSatisfying(RuntimeFailure.class,
        f -> assertThat(f.kind()).isEqualTo(RuntimeFailure.Kind.UNSUPPORTED));
    System.setProperty("trellis.spin", "/nonexistent/spin");
    assertThat(new SpinProvider().probe()).isEqualTo(Probe.missing("not installed: TRELLIS_SPIN=/nonexistent/spin is not executable"));
  }

  @Test
  void servesThroughTheDocumentedCommandLine(@TempDir Path tmp) throws Exception {
    Path spin = StandIn.script(tmp, "spin", StandIn.SERVE + """
        if [ "$1" = "--version" ]; then echo "spin 3.4.1 (8c2b6ee 2025-08-01)"; exit 0; fi
        [ "$1" = up ] && [ "$2" = --from ] && [ -f "$3" ] && [ "$4" = --listen ] || { echo "bad args: $*" >&2; exit 2; }
        head -c 8 "$3" | od -An -tx1 | grep -q "00 61 73 6d 0d 00 01 00" || { echo "not a component" >&2; exit 3; }
        serve "${5%:*}" "${5##*:}"
        """);
    System.setProperty("trellis.spin", spin.toString());
    SpinProvider provider = new SpinProvider();
    assertThat(provider.probe()).isEqualTo(Probe.available("3.4.1", "spin 3.4.1 (8c2b6ee 2025-08-01) at " + spin));
    try (Runtime rt = provider.open()) {
      assertThat(rt.features()).containsExactlyInAnyOrder(Feature.COMPONENT, Feature.WASI_HTTP);
      Wasm component = Wasm.of("echo", TestTools.witComponent("echo", "echoer"));
      try (HttpService s = rt.serveHttp(component, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
        assertThat(s.uri().getHost()).isEqualTo("127.0.0.1");
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(s.uri()).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("stand-in ok\n");
      }
      assertThatThrownBy(() -> rt.load(component)).isInstanceOfSatisfying(RuntimeFailure.class,
          f -> assertThat(f.kind()).isEqualTo(RuntimeFailure.Kind.UNSUPPORTED));
      Wasm core = Wasm.of("core", TestTools.wat("core"));
      assertThatThrownBy(() -> rt.serveHttp(core, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)))
          .isInstanceOfSatisfying(RuntimeFailure.class, f -> assertThat(f.kind()).isEqualTo(RuntimeFailure.Kind.UNSUPPORTED));
    }
  }

  @Test
  void aServerThatExitsIsReportedWithItsOutput(@TempDir Path tmp) throws Exception {
    Path spin = StandIn.script(tmp, "spin", """
        if [ "$1" = "--version" ]; then echo "spin 3.4.1 (8c2b6ee 2025-08-01)"; exit 0; fi
        echo "Error: failed to load component" >&2; exit 1
        """);
    System.setProperty("trellis.spin", spin.toString());
    try (Runtime rt = new SpinProvider().open()) {
      Wasm component = Wasm.of("echo", TestTools.witComponent("echo", "echoer"));
      assertThatThrownBy(() -> rt.serveHttp(component, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)))
          .isInstanceOfSatisfying(RuntimeFailure.class, f -> {
            assertThat(f.kind()).isEqualTo(RuntimeFailure.Kind.CRASHED);
            assertThat(f.output()).contains("Error: failed to load component");
          });
    }
  }
}

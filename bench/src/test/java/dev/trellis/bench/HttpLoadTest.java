package dev.trellis.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The load generator counts what it should and catches wrong answers. */
class HttpLoadTest {
  @Test
  void loadsTheJdkServerWithoutErrors() throws Exception {
    try (HttpLoad.JdkServer s = new HttpLoad.JdkServer()) {
      assertThat(HttpLoad.check(s.uri())).isNull();
      HttpLoad.Result r = HttpLoad.run(s.uri(), 2, Duration.ofMillis(100), Duration.ofMillis(500), 100);
      assertThat(r.errors()).isZero();
      assertThat(r.requests()).isPositive();
      assertThat(r.latenciesMs()).isNotEmpty().hasSizeLessThanOrEqualTo(100).allSatisfy(x -> assertThat(x).isPositive());
      assertThat(r.perSecond()).hasSize(1);
      assertThat(r.generatorCpuPercent()).isBetween(0.0, 200.0 + 1);
    }
  }

  @Test
  void aWrongBodyIsAnErrorAndChunkedBodiesAreRead() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.createContext("/", ex -> {
      ex.sendResponseHeaders(200, 0); // chunked
      try (var o = ex.getResponseBody()) {
        o.write("hello from ".getBytes());
        o.flush();
        o.write("elsewhere\n".getBytes());
      }
    });
    server.start();
    try {
      URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
      assertThat(HttpLoad.check(uri)).contains("hello from elsewhere");
      HttpLoad.Result r = HttpLoad.run(uri, 1, Duration.ZERO, Duration.ofMillis(300), 10);
      assertThat(r.errors()).isPositive();
      assertThat(r.requests()).isZero();
    } finally {
      server.stop(0);
    }
  }
}

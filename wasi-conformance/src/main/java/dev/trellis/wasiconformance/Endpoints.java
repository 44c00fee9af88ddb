package dev.trellis.wasiconformance;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The HTTP endpoints the runner serves on 127.0.0.1 for a client test ({@code "endpoints"} of
 * its spec), at {@code ${http_server}}. Each answers by its mode (default: by its path's last
 * segment): {@code hello} (200, a fixed body), {@code echo} (the request body back),
 * {@code truncated} (a Content-Length of 100 and 10 bytes, then the connection closes),
 * {@code slow} (answers after 2 s). Every answer carries {@code x-runner: yes}, the request's
 * method as {@code x-method}, and its {@code x-test} header back as {@code x-test-echo}.
 */
final class Endpoints implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService pool;

  private Endpoints(HttpServer server, ExecutorService pool) {
    this.server = server;
    this.pool = pool;
  }

  static Endpoints start(List<WasiSpec.Endpoint> endpoints) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    s.setExecutor(pool);
    for (WasiSpec.Endpoint e : endpoints) {
      String mode = e.mode() != null ? e.mode() : e.path().substring(e.path().lastIndexOf('/') + 1);
      s.createContext(e.path(), x -> answer(x, e.method(), mode));
    }
    s.start();
    return new Endpoints(s, pool);
  }

  String authority() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  private static void answer(HttpExchange x, String method, String mode) throws IOException {
    try (x) {
      byte[] req = x.getRequestBody().readAllBytes();
      x.getResponseHeaders().add("x-runner", "yes");
      x.getResponseHeaders().add("x-method", x.getRequestMethod());
      String test = x.getRequestHeaders().getFirst("x-test");
      if (test != null) {
        x.getResponseHeaders().add("x-test-echo", test);
      }
      if (!method.equalsIgnoreCase(x.getRequestMethod()) && !method.equals("*")) {
        x.sendResponseHeaders(405, -1);
        return;
      }
      switch (mode) {
        case "echo" -> send(x, 200, req);
        case "truncated" -> {
          x.sendResponseHeaders(200, 100);
          OutputStream o = x.getResponseBody();
          o.write("only ten..".getBytes(StandardCharsets.US_ASCII));
          o.flush();
          // Closing the exchange with 90 bytes owed ends the connection: the body is incomplete.
        }
        case "slow" -> {
          try {
            Thread.sleep(2000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          send(x, 200, "late".getBytes(StandardCharsets.US_ASCII));
        }
        default -> send(x, 200, "hello from the runner".getBytes(StandardCharsets.US_ASCII));
      }
    } catch (IOException e) {
      // the client went away (a timeout test does that): nothing to answer
    }
  }

  private static void send(HttpExchange x, int status, byte[] body) throws IOException {
    x.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      x.getResponseBody().write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}

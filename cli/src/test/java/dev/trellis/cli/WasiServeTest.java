package dev.trellis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.engine.testing.WasiPrograms;
import dev.trellis.harness.spi.HttpService;
import dev.trellis.harness.spi.Runtime;
import dev.trellis.harness.spi.Runtimes;
import dev.trellis.harness.spi.Wasm;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code trellis serve}: a real HTTP server on 127.0.0.1 that curl can talk to, that answers as
 * jco's server (and the trellis runtime's, through the SPI) does for the same components (Wasmtime's C API has no way to serve wasi:http, so
 * jco is the peer here), and that serves 10,000 requests from a bounded concurrent loop
 * without losing one or keeping an instance.
 */
class WasiServeTest {
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();

  /** A {@code trellis serve} running in this JVM until it has served {@code requests} requests. */
  record Served(URI uri, Thread thread, StringWriter err, int[] code) {
    String finish() throws InterruptedException {
      thread.join(TimeUnit.MINUTES.toMillis(2));
      assertThat(thread.isAlive()).as("trellis serve stopped").isFalse();
      assertThat(code[0]).as("trellis serve exit code; stderr: " + err).isZero();
      return err.toString();
    }
  }

  static Served serve(Path wasm, long requests, String... flags) throws InterruptedException {
    StringWriter err = new StringWriter();
    int[] code = {-1};
    List<String> argv = new ArrayList<>(List.of("serve", wasm.toString(), "--addr", "127.0.0.1:0", "--requests",
        Long.toString(requests)));
    argv.addAll(List.of(flags));
    Thread t = new Thread(() -> {
      CommandLine cl = Main.commandLine();
      cl.setErr(new PrintWriter(err, true));
      code[0] = cl.execute(argv.toArray(String[]::new));
    }, "trellis-serve-test");
    t.setDaemon(true);
    t.start();
    Pattern p = Pattern.compile("Serving HTTP on (http://\\S+)");
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (System.nanoTime() < deadline) {
      Matcher m = p.matcher(err.toString());
      if (m.find()) {
        return new Served(URI.create(m.group(1)), t, err, code);
      }
      if (!t.isAlive()) {
        break;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("trellis serve did not start: " + err);
  }

  record Answer(int status, String contentType, String xTrellis, String body) {}

  static Answer ask(URI base, String method, String path, String body) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), r.headers().firstValue("content-type").orElse(null),
        r.headers().firstValue("x-trellis").orElse(null), r.body());
  }

  @Test
  void curlGetsAnAnswerFromTrellisServe() throws Exception {
    Served s = serve(WasiPrograms.program("http-hello"), 2);
    String port = Integer.toString(s.uri().getPort());
    Process curl = new ProcessBuilder("curl", "-s", "-i", "http://127.0.0.1:" + port + "/from/curl?x=1")
        .redirectErrorStream(true).start();
    String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(curl.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(curl.exitValue()).isZero();
    assertThat(out).startsWith("HTTP/1.1 200 OK\r\n").containsIgnoringCase("content-type: text/plain\r\n")
        .endsWith("\r\n\r\nhello from trellis: GET /from/curl?x=1\n");
    Process post = new ProcessBuilder("curl", "-s", "--data-binary", "posted by curl", "http://127.0.0.1:" + port + "/p")
        .redirectErrorStream(true).start();
    assertThat(new String(post.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .isEqualTo("hello from trellis: POST /p, 14 bytes: posted by curl\n");
    assertThat(s.finish()).contains("served 2 requests (0 failed); 0 instances live");
  }

  /** HTTP/1.1 on the wire: pipelined keep-alive requests, a chunked request body, HEAD, 100-continue, a bad request. */
  @Test
  void http11OnTheWire() throws Exception {
    Served s = serve(WasiPrograms.program("http-hello"), 6);
    try (java.net.Socket sock = new java.net.Socket("127.0.0.1", s.uri().getPort())) {
      sock.setSoTimeout(60_000);
      java.io.OutputStream o = sock.getOutputStream();
      o.write(("GET /one HTTP/1.1\r\nHost: test\r\n\r\n"
          + "POST /two HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6;x=y\r\n world\r\n0\r\n\r\n"
          + "HEAD /three HTTP/1.1\r\nHost: test\r\n\r\n"
          + "POST /four HTTP/1.1\r\nHost: test\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\nbody"
          + "GET /five HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      o.flush();
      String all = new String(sock.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      assertThat(all).contains("\r\n\r\nhello from trellis: GET /one\n")
          .contains("\r\n\r\nhello from trellis: POST /two, 11 bytes: hello world\n")
          .contains("HTTP/1.1 100 Continue\r\n\r\n")
          .contains("hello from trellis: POST /four, 4 bytes: body\n")
          .contains("connection: close\r\n")
          .endsWith("\r\n\r\nhello from trellis: GET /five\n")
          .doesNotContain("HEAD /three\n"); // a HEAD response has no body
      assertThat(all.split("HTTP/1.1 200 OK", -1)).hasSize(6);
      assertThat(all).contains("content-length: 32\r\n\r\nHTTP/1.1 100"); // HEAD: the length, no body
    }
    try (java.net.Socket sock = new java.net.Socket("127.0.0.1", s.uri().getPort())) {
      sock.getOutputStream().write("NOT AN HTTP REQUEST\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      String bad = new String(sock.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      assertThat(bad).startsWith("HTTP/1.1 400 Bad Request\r\n").contains("connection: close");
    }
    assertThat(ask(s.uri(), "GET", "/last", null).body()).isEqualTo("hello from trellis: GET /last\n");
    assertThat(s.finish()).contains("served 6 requests (0 failed)");
  }

  @Test
  void tenThousandRequestsFromABoundedConcurrentLoopLoseNoneAndLeakNoInstance() throws Exception {
    int total = 10_000;
    int workers = 8;
    long heapBefore = usedHeapAfterGc();
    Served s = serve(WasiPrograms.program("http-hello"), total);
    AtomicInteger next = new AtomicInteger();
    AtomicInteger ok = new AtomicInteger();
    ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
    long t0 = System.nanoTime();
    List<Thread> ts = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      Thread t = new Thread(() -> {
        int i;
        while ((i = next.getAndIncrement()) < total) {
          String path = "/load/" + i;
          try {
            Answer a = ask(s.uri(), "GET", path, null);
            if (a.status() == 200 && a.body().equals("hello from trellis: GET " + path + "\n")) {
              ok.incrementAndGet();
            } else {
              wrong.add(path + " -> " + a);
            }
          } catch (IOException | InterruptedException e) {
            wrong.add(path + " -> " + e);
          }
        }
      });
      t.start();
      ts.add(t);
    }
    for (Thread t : ts) {
      t.join();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    String err = s.finish();
    assertThat(wrong).as("failed requests").isEmpty();
    assertThat(ok.get()).isEqualTo(total);
    assertThat(err).contains("served " + total + " requests (0 failed); 0 instances live");
    // 10,000 leaked instances would hold gigabytes (each has its own linear memory)
    long grown = usedHeapAfterGc() - heapBefore;
    assertThat(grown).as("heap growth after serving").isLessThan(64L << 20);
    System.out.printf("trellis serve: %d requests from %d workers in %.1f s (%.0f requests/s), heap growth %d KiB%n",
        total, workers, seconds, total / seconds, grown >> 10);
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  static List<String[]> requests() {
    return List.of(new String[] {"GET", "/foo?x=1", null}, new String[] {"POST", "/echo", "hello body, ü"},
        new String[] {"GET", "/status/404", null}, new String[] {"PUT", "/status/201", "x"});
  }

  /** The same requests to trellis serve and to jco's server, for the same component: the same answers. */
  static void sameAnswersAsJco(Path wasm, boolean alsoThroughTheSpi) throws Exception {
    List<Answer> ours = new ArrayList<>();
    Served s = serve(wasm, requests().size());
    for (String[] r : requests()) {
      ours.add(ask(s.uri(), r[0], r[1], r[2]));
    }
    s.finish();
    List<Answer> theirs = new ArrayList<>();
    try (Runtime jco = Runtimes.discover().open("jco");
        HttpService h = jco.serveHttp(Wasm.of(wasm.getFileName().toString(), Files.readAllBytes(wasm)),
            new InetSocketAddress("127.0.0.1", 0))) {
      for (String[] r : requests()) {
        theirs.add(ask(h.uri(), r[0], r[1], r[2]));
      }
    }
    assertThat(ours).isEqualTo(theirs);
    if (!alsoThroughTheSpi) {
      return;
    }
    List<Answer> spi = new ArrayList<>();
    try (Runtime trellis = Runtimes.discover().open("trellis");
        HttpService h = trellis.serveHttp(Wasm.of(wasm.getFileName().toString(), Files.readAllBytes(wasm)),
            new InetSocketAddress("127.0.0.1", 0))) {
      for (String[] r : requests()) {
        spi.add(ask(h.uri(), r[0], r[1], r[2]));
      }
    }
    assertThat(spi).as("the trellis runtime through the SPI").isEqualTo(ours);
    assertThat(ours.get(1).status()).isEqualTo(200);
    assertThat(ours.get(2).status()).isEqualTo(404);
  }

  @Test
  void cHandlerAnswersAsUnderJco() throws Exception {
    sameAnswersAsJco(WasiPrograms.program("http-hello"), true);
  }

  @Test
  void javaScriptHandlerBuiltWithComponentizeJsAnswersAsUnderJco() throws Exception {
    sameAnswersAsJco(WasiPrograms.committed("js/http-hello-js.wasm"), false); // a 14 MB component: compiled once
  }
}

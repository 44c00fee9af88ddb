package dev.trellis.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded, closed-loop HTTP/1.1 load generator for 127.0.0.1: {@code connections} threads,
 * each with one keep-alive connection sending {@code GET /} and reading the whole response
 * before the next request (so at most {@code connections} requests are in flight and the
 * server is never flooded). It counts requests per second, keeps up to a fixed number of
 * latencies (a uniform reservoir sample), checks every response (status 200, the expected
 * body), and measures its own CPU time — on a two-core machine the generator competes with
 * the server, and the results must say how much.
 */
final class HttpLoad {
  /** The body every hello workload answers with, and the JDK ceiling server too. */
  static final byte[] BODY = "hello from trellis\n".getBytes(StandardCharsets.UTF_8);

  /** What a load run measured. */
  record Result(long requests, long errors, String firstError, double seconds, List<Double> perSecond,
      List<Double> latenciesMs, double generatorCpuPercent) {
    double requestsPerSecond() {
      return requests / seconds;
    }
  }

  private HttpLoad() {}

  /** One GET, checked: for the correctness check before a server is loaded. */
  static String check(URI uri) throws IOException {
    try (Conn s = connect(uri)) {
      Response r = request(s, uri);
      if (r.status != 200 || !java.util.Arrays.equals(r.body, BODY)) {
        return "answered " + r.status + " \"" + new String(r.body, StandardCharsets.UTF_8).strip() + "\"";
      }
      return null;
    }
  }

  /** Loads {@code uri}: {@code warmup} unmeasured, then {@code duration} measured. */
  static Result run(URI uri, int connections, Duration warmup, Duration duration, int latencySamples)
      throws InterruptedException {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long warmEnd = System.nanoTime() + warmup.toNanos();
    long end = warmEnd + duration.toNanos();
    int seconds = (int) Math.max(1, Math.ceil(duration.toMillis() / 1000.0));
    AtomicLong[] buckets = new AtomicLong[seconds];
    for (int i = 0; i < seconds; i++) {
      buckets[i] = new AtomicLong();
    }
    AtomicLong errors = new AtomicLong();
    String[] firstError = new String[1];
    List<List<Double>> samples = new ArrayList<>();
    long[] seen = new long[connections];
    long[] cpu = new long[connections];
    List<Thread> threads = new ArrayList<>();
    int perThread = Math.max(1, latencySamples / connections);
    for (int c = 0; c < connections; c++) {
      int id = c;
      List<Double> mine = new ArrayList<>();
      samples.add(mine);
      Thread t = new Thread(() -> {
        long cpu0 = mx.getCurrentThreadCpuTime();
        long measuredCpu0 = -1;
        SplittableRandom rnd = new SplittableRandom(id);
        Conn s = null;
        try {
          while (System.nanoTime() < end) {
            try {
              if (s == null) {
                s = connect(uri);
              }
              long t0 = System.nanoTime();
              Response r = request(s, uri);
              long t1 = System.nanoTime();
              if (r.close) {
                s.close();
                s = null;
              }
              boolean ok = r.status == 200 && java.util.Arrays.equals(r.body, BODY);
              if (t0 >= warmEnd) {
                if (measuredCpu0 < 0) {
                  measuredCpu0 = mx.getCurrentThreadCpuTime();
                }
                if (!ok) {
                  errors.incrementAndGet();
                  synchronized (firstError) {
                    if (firstError[0] == null) {
                      firstError[0] = "status " + r.status;
                    }
                  }
                  continue;
                }
                if (t1 > end) {
                  break;
                }
                int sec = (int) ((t1 - warmEnd) / 1_000_000_000L);
                if (sec < buckets.length) {
                  buckets[sec].incrementAndGet();
                }
                // reservoir sampling of latencies
                long k = ++seen[id];
                double ms = (t1 - t0) / 1e6;
                if (mine.size() < perThread) {
                  mine.add(ms);
                } else {
                  long j = rnd.nextLong(k);
                  if (j < perThread) {
                    mine.set((int) j, ms);
                  }
                }
              }
            } catch (IOException e) {
              if (System.nanoTime() >= warmEnd) {
                errors.incrementAndGet();
                synchronized (firstError) {
                  if (firstError[0] == null) {
                    firstError[0] = e.toString();
                  }
                }
              }
              closeQuietly(s);
              s = null;
            }
          }
        } finally {
          closeQuietly(s);
          long now = mx.getCurrentThreadCpuTime();
          cpu[id] = measuredCpu0 < 0 ? 0 : now - measuredCpu0;
        }
      }, "trellis-load-" + c);
      t.setDaemon(true);
      threads.add(t);
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join(duration.plus(warmup).toMillis() + 30_000);
    }
    long total = 0;
    List<Double> perSecond = new ArrayList<>();
    for (AtomicLong b : buckets) {
      total += b.get();
      perSecond.add((double) b.get());
    }
    double secs = duration.toNanos() / 1e9;
    if (duration.toMillis() % 1000 != 0 && !perSecond.isEmpty()) {
      // the last bucket is a partial second: scale it
      double frac = (duration.toMillis() % 1000) / 1000.0;
      perSecond.set(perSecond.size() - 1, perSecond.getLast() / frac);
    }
    List<Double> lat = new ArrayList<>();
    samples.forEach(lat::addAll);
    long cpuNs = 0;
    for (long x : cpu) {
      cpuNs += x;
    }
    return new Result(total, errors.get(), firstError[0], secs, perSecond, lat, 100.0 * cpuNs / duration.toNanos());
  }

  /** A kept-alive connection and its buffered input. */
  private record Conn(Socket socket, InputStream in, OutputStream out) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  private static Conn connect(URI uri) throws IOException {
    Socket s = new Socket();
    s.setTcpNoDelay(true);
    s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
    s.setSoTimeout(30_000);
    return new Conn(s, new BufferedInputStream(s.getInputStream(), 8192), s.getOutputStream());
  }

  private static void closeQuietly(Conn s) {
    if (s != null) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }

  private record Response(int status, byte[] body, boolean close) {}

  /** One request on a kept-alive connection; reads a Content-Length or chunked body. */
  private static Response request(Conn s, URI uri) throws IOException {
    OutputStream out = s.out();
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    out.write(("GET " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort() + "\r\n\r\n")
        .getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    InputStream in = s.in();
    String status = line(in);
    if (status == null || !status.startsWith("HTTP/1.")) {
      throw new IOException("bad status line: " + status);
    }
    int code = Integer.parseInt(status.split(" ", 3)[1]);
    long length = -1;
    boolean chunked = false;
    boolean close = status.startsWith("HTTP/1.0");
    String h;
    while ((h = line(in)) != null && !h.isEmpty()) {
      int colon = h.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = h.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT);
      String value = h.substring(colon + 1).trim();
      switch (name) {
        case "content-length" -> length = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.toLowerCase(java.util.Locale.ROOT).contains("chunked");
        case "connection" -> close = value.equalsIgnoreCase("close");
        default -> {}
      }
    }
    byte[] body;
    if (chunked) {
      java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
      while (true) {
        String size = line(in);
        if (size == null) {
          throw new IOException("truncated chunked body");
        }
        int n = Integer.parseInt(size.split(";", 2)[0].trim(), 16);
        if (n == 0) {
          while ((h = line(in)) != null && !h.isEmpty()) {
            // trailers
          }
          break;
        }
        b.write(in.readNBytes(n));
        line(in);
      }
      body = b.toByteArray();
    } else if (length >= 0) {
      body = in.readNBytes((int) length);
    } else {
      body = in.readAllBytes();
      close = true;
    }
    return new Response(code, body, close);
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        int len = sb.length();
        if (len > 0 && sb.charAt(len - 1) == '\r') {
          sb.setLength(len - 1);
        }
        return sb.toString();
      }
      sb.append((char) c);
    }
    return sb.isEmpty() ? null : sb.toString();
  }

  /** The ceiling: the JDK's own HTTP server answering the same bytes, on 127.0.0.1. */
  static final class JdkServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService pool;

    JdkServer() throws IOException {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
      pool = Executors.newFixedThreadPool(2);
      server.setExecutor(pool);
      server.createContext("/", ex -> {
        ex.getRequestBody().readAllBytes();
        ex.getResponseHeaders().set("content-type", "text/plain");
        ex.sendResponseHeaders(200, BODY.length);
        try (OutputStream o = ex.getResponseBody()) {
          o.write(BODY);
        }
      });
      server.start();
    }

    URI uri() {
      return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    @Override
    public void close() {
      server.stop(0);
      pool.shutdownNow();
    }
  }
}

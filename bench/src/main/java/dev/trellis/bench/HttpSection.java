package dev.trellis.bench;

import dev.trellis.bench.workloads.Workload;
import dev.trellis.harness.adapters.CliServer;
import dev.trellis.harness.results.Machine;
import dev.trellis.harness.results.Measurement;
import dev.trellis.harness.spi.Feature;
import dev.trellis.harness.spi.HttpService;
import dev.trellis.harness.spi.Runtime;
import dev.trellis.harness.spi.Wasm;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code wasi:http} serving: each runtime that serves {@code wasi:http} ({@link Feature#WASI_HTTP})
 * serves the hello workloads on 127.0.0.1 and {@link HttpLoad} drives it, after one checked
 * request; the JDK's own HTTP server answering the same bytes is the ceiling (runtime
 * {@code jdk}, workload {@code http-ceiling}). Recorded per server: requests per second (one
 * sample per second), latencies (a sample of them), and the load generator's own CPU; param
 * {@code instances} says whether the server gave each request a fresh instance ({@code
 * per-request}: trellis serve, the workerd worker, {@code jco serve --isolate-requests instance})
 * or served all from one ({@code shared}: plain {@code jco serve}).
 */
final class HttpSection {
  private HttpSection() {}

  static final int CONNECTIONS = 4;
  /** The {@code instances} param: a fresh instance per request, or one instance serving all. */
  static final String PER_REQUEST = "per-request";
  static final String SHARED = "shared";
  static final int LATENCY_SAMPLES = 2000;

  static List<Measurement> run(List<Runtime> runtimes, List<Workload> workloads, Profile profile, Machine machine,
      SpiSection.Log log, List<String> failures) {
    List<Measurement> out = new ArrayList<>();
    try (HttpLoad.JdkServer jdk = new HttpLoad.JdkServer()) {
      out.addAll(load(Measurement.JDK, "http-ceiling", "none", jdk.uri(), profile, machine, log, failures));
    } catch (Exception e) {
      failures.add("jdk http-ceiling: " + SpiSection.oneLine(e));
    }
    for (Runtime rt : runtimes) {
      if (rt.id().equals("workerd") && !rt.supports(Feature.WASI_HTTP)) {
        out.addAll(workerd(workloads, profile, machine, log, failures));
        continue;
      }
      if (!rt.supports(Feature.WASI_HTTP)) {
        continue;
      }
      for (Workload w : workloads) {
        // jco serve keeps one instance unless asked to isolate requests: measured both ways
        String instances = rt.id().equals("jco") ? SHARED : PER_REQUEST;
        try (HttpService s = rt.serveHttp(Wasm.of(w.component(), w.componentBytes()),
            new InetSocketAddress("127.0.0.1", 0))) {
          out.addAll(load(rt.id(), w.name(), instances, s.uri(), profile, machine, log, failures));
        } catch (Exception e) {
          failures.add(rt.id() + " " + w.name() + " http: " + SpiSection.oneLine(e));
          log.line(rt.id() + " serve " + w.name() + ": FAILED " + SpiSection.oneLine(e));
        }
        if (rt.id().equals("jco")) {
          out.addAll(jcoIsolated(w, profile, machine, log, failures));
        }
      }
    }
    return out;
  }

  /** workerd through {@link WorkerdHttp}: the component transpiled once, a fresh instance per request. */
  private static List<Measurement> workerd(List<Workload> workloads, Profile profile, Machine machine,
      SpiSection.Log log, List<String> failures) {
    List<Measurement> out = new ArrayList<>();
    for (Workload w : workloads) {
      java.nio.file.Path dir = null;
      try {
        dir = java.nio.file.Files.createTempDirectory("trellis-bench-workerd-");
        java.nio.file.Path worker = WorkerdHttp.prepare(w.componentBytes(), dir);
        try (WorkerdHttp s = WorkerdHttp.start(worker)) {
          List<Measurement> ms = load("workerd", w.name(), PER_REQUEST, s.uri(), profile, machine, log, failures);
          if (ms.isEmpty() && !s.log().isEmpty()) {
            log.line("workerd log: " + s.log().lines().findFirst().orElse(""));
          }
          out.addAll(ms);
        }
      } catch (Exception e) {
        failures.add("workerd " + w.name() + " http: " + SpiSection.oneLine(e));
        log.line("workerd serve " + w.name() + ": FAILED " + SpiSection.oneLine(e));
      } finally {
        BenchRun.deleteQuietly(dir);
      }
    }
    return out;
  }

  /** {@code jco serve --isolate-requests instance}: jco's own way to give each request a fresh instance. */
  private static List<Measurement> jcoIsolated(Workload w, Profile profile, Machine machine, SpiSection.Log log,
      List<String> failures) {
    java.nio.file.Path dir = null;
    Process p = null;
    try {
      dir = java.nio.file.Files.createTempDirectory("trellis-bench-jco-");
      java.nio.file.Path wasm = dir.resolve(w.name() + ".wasm");
      java.nio.file.Files.write(wasm, w.componentBytes());
      int port = CliServer.freePort(java.net.InetAddress.getLoopbackAddress());
      java.nio.file.Path node = dev.trellis.harness.adapters.NodeTools.node().orElseThrow();
      java.nio.file.Path jco = dev.trellis.harness.adapters.NodeTools.jco();
      p = new ProcessBuilder(node.toString(), jco.toString(), "serve", wasm.toString(), "--host", "127.0.0.1", "--port",
          Integer.toString(port), "--isolate-requests", "instance", "--jco-dir", dir.resolve("out").toString())
          .redirectErrorStream(true).redirectOutput(dir.resolve("serve.log").toFile()).start();
      return load("jco", w.name(), PER_REQUEST, URI.create("http://127.0.0.1:" + port + "/"), profile, machine, log,
          failures);
    } catch (Exception e) {
      failures.add("jco " + w.name() + " http (isolated): " + SpiSection.oneLine(e));
      log.line("jco serve --isolate-requests instance " + w.name() + ": FAILED " + SpiSection.oneLine(e));
      return List.of();
    } finally {
      if (p != null) {
        p.destroy();
        try {
          if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      BenchRun.deleteQuietly(dir);
    }
  }

  private static List<Measurement> load(String runtime, String workload, String instances, URI uri, Profile profile,
      Machine machine, SpiSection.Log log, List<String> failures) throws Exception {
    String wrong = firstAnswer(uri);
    if (wrong != null) {
      failures.add(runtime + " " + workload + " http: " + wrong);
      log.line(runtime + " " + workload + ": FAILED the check: " + wrong);
      return List.of();
    }
    HttpLoad.Result r = HttpLoad.run(uri, CONNECTIONS, profile.httpWarmup, profile.httpDuration, LATENCY_SAMPLES);
    List<Measurement> out = new ArrayList<>();
    Map<String, String> params = Map.of("connections", Integer.toString(CONNECTIONS), "instances", instances);
    if (r.errors() > 0) {
      failures.add(runtime + " " + workload + " http: " + r.errors() + " failed requests (first: " + r.firstError() + ")");
    }
    if (r.requests() == 0) {
      log.line(runtime + " " + workload + ": no request succeeded");
      return out;
    }
    out.add(new Measurement(runtime, workload, "http", "requests", "req/s", params, r.perSecond(), machine));
    out.add(new Measurement(runtime, workload, "http", "latency", "ms", params, r.latenciesMs(), machine));
    out.add(new Measurement(runtime, workload, "http", "generator-cpu", "%", params, List.of(r.generatorCpuPercent()),
        machine));
    List<Double> lat = r.latenciesMs().stream().sorted().toList();
    log.line(String.format(java.util.Locale.ROOT, "%s %s (instance: %s): %s req/s, latency p50 %s ms p99 %s ms, "
            + "%d errors; load generator CPU %.0f%% of a core", runtime, workload, instances, Fmt.num(r.requestsPerSecond()),
        Fmt.num(pct(lat, 0.5)), Fmt.num(pct(lat, 0.99)), r.errors(), r.generatorCpuPercent()));
    return out;
  }

  /** The first request, retried while the server is still starting. */
  private static String firstAnswer(URI uri) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      try {
        return HttpLoad.check(uri);
      } catch (java.io.IOException e) {
        last = e.toString();
        Thread.sleep(20);
      }
    }
    return last;
  }

  static double pct(List<Double> sorted, double q) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(q * sorted.size())));
  }
}

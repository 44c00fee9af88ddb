package dev.trellis.reports;

import dev.trellis.harness.results.CaseResult;
import dev.trellis.harness.results.Machine;
import dev.trellis.harness.results.Measurement;
import dev.trellis.harness.results.Outcome;
import dev.trellis.harness.results.RunInfo;
import dev.trellis.harness.results.RunResults;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Records built for the tests: synthetic test data, clearly not results of any runtime (the
 * runtimes are called {@code alpha} and {@code beta}).
 */
final class Fixtures {
  private Fixtures() {}

  static final Machine MACHINE = new Machine("Test CPU", 2, "JDK 25", "Linux test", Map.of("alpha", "1.0", "beta", "2.0"));

  static RunInfo run(String id, int day) {
    return new RunInfo(id, null, Instant.parse("2025-01-01T00:00:00Z").plusSeconds(86_400L * day),
        Instant.parse("2025-01-01T00:05:00Z").plusSeconds(86_400L * day), "0123456789abcdef", MACHINE);
  }

  /** {@code n} normally distributed samples (mean, sd) from a seeded generator. */
  static List<Double> normal(long seed, int n, double mean, double sd) {
    Random r = new Random(seed);
    List<Double> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(mean + sd * r.nextGaussian());
    }
    return out;
  }

  static Measurement time(String runtime, String workload, String phase, List<Double> samples) {
    return new Measurement(runtime, workload, phase, "time", "us", Map.of(), samples, MACHINE);
  }

  static CaseResult kase(String runtime, String file, int line, Outcome o, String feature) {
    return new CaseResult(runtime, "component-model", file, line, "assert_return", o,
        o == Outcome.PASSED ? null : "synthetic " + o.id(), feature, 1000);
  }

  /** A run that exercises every chart: phases, density, ABI throughput, http, conformance. */
  static RunResults fullRun(String id, int day, long seed, double slowdown) {
    List<Measurement> ms = new ArrayList<>();
    String[] phases = {"decode", "validate", "compile", "instantiate", "call"};
    double[] base = {120, 80, 900, 40, 0.8};
    for (String rt : List.of("alpha", "beta")) {
      double f = rt.equals("alpha") ? 1.0 : 1.7;
      for (int i = 0; i < phases.length; i++) {
        ms.add(time(rt, "nop", phases[i], normal(seed + i + rt.hashCode(), 20, base[i] * f * slowdown, base[i] * 0.03)));
        ms.add(time(rt, "sha256", phases[i], normal(seed + 7 * i + rt.hashCode(), 20, base[i] * 3 * f, base[i] * 0.05)));
      }
      for (int n : new int[] {10, 100, 1000}) {
        ms.add(new Measurement(rt, "nop", "density", "retained-heap", "bytes", Map.of("instances", Integer.toString(n)),
            normal(seed + n, 5, 70_000 * f + 500_000.0 / n, 800), MACHINE));
      }
      for (int bytes : new int[] {1, 1024, 65536, 1 << 20}) {
        ms.add(new Measurement(rt, "list-u8", "throughput", "abi", "MB/s", Map.of("bytes", Integer.toString(bytes)),
            normal(seed + bytes, 10, Math.min(2000, bytes / 40.0 + 1) / f, 5), MACHINE));
      }
      ms.add(new Measurement(rt, "hello-http", "http", "requests", "req/s", Map.of(), normal(seed + 99, 5, 4000 / f, 100), MACHINE));
      ms.add(new Measurement(rt, "hello-http", "http", "latency", "ms", Map.of(), normal(seed + 98, 500, 2 * f, 0.4), MACHINE));
    }
    for (int bytes : new int[] {1, 1024, 65536, 1 << 20}) {
      ms.add(new Measurement(Measurement.JDK, "arraycopy", "throughput", "copy", "MB/s", Map.of("bytes", Integer.toString(bytes)),
          normal(seed + bytes * 3L, 10, Math.min(9000, bytes / 5.0 + 10), 20), MACHINE));
    }
    ms.add(new Measurement(Measurement.JDK, "http-ceiling", "http", "requests", "req/s", Map.of(), normal(seed + 5, 5, 9000, 200), MACHINE));
    ms.add(new Measurement(Measurement.JDK, "http-ceiling", "http", "latency", "ms", Map.of(), normal(seed + 6, 500, 0.6, 0.1), MACHINE));
    List<CaseResult> cases = new ArrayList<>();
    String[] features = {"strings", "resources", "async", "lists"};
    for (String rt : List.of("alpha", "beta")) {
      for (int i = 0; i < 40; i++) {
        String feat = features[i % features.length];
        Outcome o = rt.equals("beta") && feat.equals("async") ? Outcome.UNSUPPORTED
            : (i % 13 == 0 ? Outcome.FAILED : Outcome.PASSED);
        cases.add(kase(rt, feat + ".wast", i + 1, o, feat));
      }
    }
    return new RunResults(run(id, day), cases, ms);
  }
}

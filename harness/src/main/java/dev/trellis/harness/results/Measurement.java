package dev.trellis.harness.results;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Repeated samples of one metric of one workload in one phase on one runtime, in the style of
 * Sightglass: a measurement is raw samples (never a pre-digested mean), so the analysis can
 * bootstrap confidence intervals and the report can show the spread.
 *
 * <p>Phases ({@link #phase}), the vocabulary the report understands:
 * <ul>
 *   <li>{@code decode}, {@code validate}, {@code compile}, {@code instantiate} (from a
 *       precompiled or cached artifact), {@code instantiate-cold}, {@code call},
 *       {@code startup} (a process runtime timed from outside): time per operation, unit
 *       {@code ns}, {@code us}, {@code ms} or {@code s};
 *   <li>{@code density}: memory per idle instance, unit {@code bytes}, with the instance count
 *       in {@code params.instances};
 *   <li>{@code throughput}: work per second through the Canonical ABI (unit {@code MB/s} or
 *       {@code calls/s}), with the payload in {@code params.bytes}; the ceilings measured in
 *       the same run ({@code System.arraycopy}, {@code new String}) are measurements of
 *       runtime {@link #JDK} with workload {@code arraycopy} / {@code new-string};
 *   <li>{@code http}: {@code wasi:http} serving; metric {@code requests} in {@code req/s} and
 *       metric {@code latency} (one sample per request, in {@code ms}); the plain JDK server
 *       ceiling is runtime {@link #JDK}, workload {@code http-ceiling}.
 * </ul>
 * Other phases are kept, compared and listed, just not charted specially.
 *
 * @param runtime the runtime id (or {@link #JDK} for a ceiling measured on the bare JDK)
 * @param workload what ran, e.g. {@code nop}, {@code sha256}, {@code list-u8}
 * @param phase see above
 * @param metric what was measured, e.g. {@code time}, {@code retained-heap}, {@code rss}
 * @param unit the samples' unit; a unit ending in {@code /s} means higher is better
 * @param params the parameters that distinguish this measurement of the workload (payload
 *     size, instance count, backend); part of its identity
 * @param samples the raw samples, at least one
 * @param machine where it was measured
 */
public record Measurement(
    String runtime,
    String workload,
    String phase,
    String metric,
    String unit,
    Map<String, String> params,
    List<Double> samples,
    Machine machine) {

  /** The pseudo-runtime of ceilings measured on the bare JDK. */
  public static final String JDK = "jdk";

  public Measurement {
    Objects.requireNonNull(runtime, "runtime");
    Objects.requireNonNull(workload, "workload");
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(unit, "unit");
    params = params == null ? Map.of() : Map.copyOf(params);
    samples = List.copyOf(Objects.requireNonNull(samples, "samples"));
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("a measurement needs at least one sample: " + runtime + " " + workload);
    }
    for (Double x : samples) {
      if (x == null || !Double.isFinite(x)) {
        throw new IllegalArgumentException("a sample of " + runtime + " " + workload + " " + phase + " is " + x
            + ": samples must be finite numbers");
      }
    }
    machine = machine == null ? Machine.current() : machine;
  }

  /** A measurement from a {@code double[]} of samples. */
  public static Measurement of(String runtime, String workload, String phase, String metric,
      String unit, Map<String, String> params, double[] samples, Machine machine) {
    return new Measurement(runtime, workload, phase, metric, unit, params,
        java.util.Arrays.stream(samples).boxed().toList(), machine);
  }

  /** Whether a larger value is better (throughput units, {@code …/s}). */
  public boolean higherIsBetter() {
    return unit.endsWith("/s");
  }

  /** The samples' summary statistics. */
  public Summary summary() {
    return Summary.of(samples);
  }

  /** The samples as an array. */
  public double[] values() {
    double[] v = new double[samples.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = samples.get(i);
    }
    return v;
  }

  /** A copy with other samples (same identity and machine). */
  public Measurement withSamples(List<Double> newSamples) {
    return new Measurement(runtime, workload, phase, metric, unit, params, newSamples, machine);
  }

  /**
   * What identifies the measurement across runs: runtime, workload, phase, metric, unit and
   * params, e.g. {@code wasmtime sha256 call time[ns] {bytes=1024}}.
   */
  public String key() {
    String p = params.isEmpty() ? "" : " " + new TreeMap<>(params);
    return runtime + " " + workload + " " + phase + " " + metric + "[" + unit + "]" + p;
  }
}

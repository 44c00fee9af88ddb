package dev.trellis.reports;

import dev.trellis.harness.results.CaseResult;
import dev.trellis.harness.results.Measurement;
import dev.trellis.harness.results.RunResults;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Regression detection as Sightglass and Wasmtime's benchmarking RFC describe it: for each
 * measurement present in both runs, a percentile-bootstrap confidence interval of the ratio of
 * medians (current / baseline); a metric regresses only when that whole interval lies beyond
 * the threshold in the bad direction (more time, less throughput), and improves only when it
 * lies wholly beyond it in the good one. A conformance case that passed in the baseline and
 * fails now always regresses.
 */
public final class Regressions {
  private Regressions() {}

  /** Fewer samples than this on either side give no interval: the verdict is INCONCLUSIVE. */
  public static final int MIN_SAMPLES = 3;

  /**
   * @param threshold the relative change that matters (0.05 = 5%)
   * @param confidence the interval's confidence (0.95)
   * @param resamples bootstrap resamples (10,000)
   * @param seed the bootstrap's random seed (fixed, so a comparison is reproducible)
   */
  public record Settings(double threshold, double confidence, int resamples, long seed) {
    public static final Settings DEFAULT = new Settings(0.05, 0.95, 10_000, 0x7e11_15L);

    public Settings {
      if (!(threshold > 0 && threshold < 1)) {
        throw new IllegalArgumentException("threshold must be between 0 and 1 (exclusive), got " + threshold);
      }
      if (!(confidence > 0.5 && confidence < 1)) {
        throw new IllegalArgumentException("confidence must be between 0.5 and 1, got " + confidence);
      }
      if (resamples < 100) {
        throw new IllegalArgumentException("at least 100 bootstrap resamples, got " + resamples);
      }
    }

    public Settings withThreshold(double t) {
      return new Settings(t, confidence, resamples, seed);
    }
  }

  /** Compares {@code current} with {@code baseline}. */
  public static Comparison compare(RunResults current, RunResults baseline, Settings s) {
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(baseline, "baseline");
    List<String> notes = new ArrayList<>();
    if (!current.run().machine().comparableWith(baseline.run().machine())) {
      notes.add("the baseline ran on another machine (" + baseline.run().machine().cpu() + ", "
          + baseline.run().machine().cores() + " cores) than this run (" + current.run().machine().cpu() + ", "
          + current.run().machine().cores() + " cores): timing changes may reflect the machine");
    }
    Map<String, Measurement> before = byKey(baseline.measurements());
    Map<String, Measurement> after = byKey(current.measurements());
    List<Comparison.MetricChange> metrics = new ArrayList<>();
    for (var e : after.entrySet()) {
      Measurement b = before.get(e.getKey());
      metrics.add(b == null ? absent(e.getValue(), Comparison.Verdict.NEW) : compare(b, e.getValue(), s));
    }
    for (var e : before.entrySet()) {
      if (!after.containsKey(e.getKey())) {
        metrics.add(absent(e.getValue(), Comparison.Verdict.GONE));
      }
    }
    return new Comparison(baseline.run().id(), current.run().id(), s, metrics,
        caseChanges(baseline.cases(), current.cases()), notes);
  }

  /** One metric: the bootstrap interval of the ratio of medians and its verdict. */
  static Comparison.MetricChange compare(Measurement baseline, Measurement current, Settings s) {
    double[] b = baseline.values();
    double[] c = current.values();
    Bootstrap.Interval iv;
    Comparison.Verdict verdict;
    double mb = Bootstrap.median(b.clone());
    double mc = Bootstrap.median(c.clone());
    if (mb == 0 || !Double.isFinite(mb) || !Double.isFinite(mc)) {
      iv = new Bootstrap.Interval(Double.NaN, Double.NaN, Double.NaN);
      verdict = Comparison.Verdict.INCONCLUSIVE;
    } else if (b.length < MIN_SAMPLES || c.length < MIN_SAMPLES) {
      iv = new Bootstrap.Interval(mc / mb, Double.NaN, Double.NaN);
      verdict = Comparison.Verdict.INCONCLUSIVE;
    } else {
      long seed = s.seed() ^ (long) current.key().hashCode() * 0x9E3779B97F4A7C15L;
      iv = Bootstrap.ratioOfMedians(b, c, s.resamples(), s.confidence(), seed);
      verdict = verdict(iv, current.higherIsBetter(), s.threshold());
    }
    return new Comparison.MetricChange(current.key(), current.runtime(), current.workload(), current.phase(),
        current.metric(), current.unit(), current.params(), current.higherIsBetter(), verdict, mb, mc,
        iv.estimate(), iv.low(), iv.high(), b.length, c.length);
  }

  static Comparison.Verdict verdict(Bootstrap.Interval iv, boolean higherIsBetter, double threshold) {
    boolean wholeAbove = iv.low() > 1 + threshold;
    boolean wholeBelow = iv.high() < 1 - threshold;
    if (wholeAbove) {
      return higherIsBetter ? Comparison.Verdict.IMPROVED : Comparison.Verdict.REGRESSED;
    }
    if (wholeBelow) {
      return higherIsBetter ? Comparison.Verdict.REGRESSED : Comparison.Verdict.IMPROVED;
    }
    return Comparison.Verdict.UNCHANGED;
  }

  private static Comparison.MetricChange absent(Measurement m, Comparison.Verdict v) {
    double med = m.summary().median();
    return new Comparison.MetricChange(m.key(), m.runtime(), m.workload(), m.phase(), m.metric(), m.unit(),
        m.params(), m.higherIsBetter(), v, v == Comparison.Verdict.GONE ? med : Double.NaN,
        v == Comparison.Verdict.NEW ? med : Double.NaN, Double.NaN, Double.NaN, Double.NaN,
        v == Comparison.Verdict.GONE ? m.samples().size() : 0, v == Comparison.Verdict.NEW ? m.samples().size() : 0);
  }

  /** Measurements by key; several with one key (e.g. two bench invocations) pool their samples. */
  static Map<String, Measurement> byKey(List<Measurement> ms) {
    Map<String, Measurement> out = new LinkedHashMap<>();
    for (Measurement m : ms) {
      out.merge(m.key(), m, (a, b) -> {
        List<Double> all = new ArrayList<>(a.samples());
        all.addAll(b.samples());
        return a.withSamples(all);
      });
    }
    return out;
  }

  private static List<Comparison.CaseChange> caseChanges(List<CaseResult> baseline, List<CaseResult> current) {
    Map<String, CaseResult> before = new TreeMap<>();
    baseline.forEach(c -> before.put(c.key(), c));
    Map<String, CaseResult> after = new TreeMap<>();
    current.forEach(c -> after.put(c.key(), c));
    List<Comparison.CaseChange> out = new ArrayList<>();
    for (var e : after.entrySet()) {
      CaseResult b = before.get(e.getKey());
      CaseResult a = e.getValue();
      if (b == null) {
        continue; // a new case is not a change of outcome
      }
      if (b.outcome() != a.outcome()) {
        out.add(new Comparison.CaseChange(e.getKey(), b.outcome(), a.outcome(), a.message()));
      }
    }
    // A case that passed and vanished from a suite that still ran on that runtime is listed
    // (not flagged: files get renamed); a suite or runtime that did not run says nothing.
    java.util.Set<String> ran = new java.util.HashSet<>();
    current.forEach(c -> ran.add(c.runtime() + " " + c.suite()));
    for (var e : before.entrySet()) {
      CaseResult b = e.getValue();
      if (!after.containsKey(e.getKey()) && b.outcome() == dev.trellis.harness.results.Outcome.PASSED
          && ran.contains(b.runtime() + " " + b.suite())) {
        out.add(new Comparison.CaseChange(e.getKey(), e.getValue().outcome(), null, "no longer run"));
      }
    }
    return out;
  }
}

package dev.trellis.reports;

import dev.trellis.harness.results.Outcome;
import java.util.List;
import java.util.Map;

/**
 * A run compared with its baseline: every metric's change as a ratio of medians with its
 * bootstrap confidence interval, and every conformance case whose outcome changed.
 *
 * @param baselineRun the baseline's run id
 * @param currentRun the compared run's id
 * @param settings how the comparison was made
 * @param metrics one entry per measurement key in either run
 * @param cases the cases whose outcome changed
 * @param notes caveats (e.g. the runs were on different machines)
 */
public record Comparison(String baselineRun, String currentRun, Regressions.Settings settings,
    List<MetricChange> metrics, List<CaseChange> cases, List<String> notes) {

  public Comparison {
    metrics = List.copyOf(metrics);
    cases = List.copyOf(cases);
    notes = List.copyOf(notes);
  }

  /** Whether anything is flagged: a metric regression or a case that passed and now fails. */
  public boolean regressed() {
    return metrics.stream().anyMatch(m -> m.verdict() == Verdict.REGRESSED)
        || cases.stream().anyMatch(CaseChange::regression);
  }

  public List<MetricChange> metricRegressions() {
    return metrics.stream().filter(m -> m.verdict() == Verdict.REGRESSED).toList();
  }

  public List<CaseChange> caseRegressions() {
    return cases.stream().filter(CaseChange::regression).toList();
  }

  /** How a metric changed. */
  public enum Verdict {
    /** The whole confidence interval is worse than the threshold. */
    REGRESSED,
    /** The whole confidence interval is better than the threshold. */
    IMPROVED,
    /** The interval reaches within the threshold: no change shown. */
    UNCHANGED,
    /** Too few samples (or a zero median) to bound the change. */
    INCONCLUSIVE,
    /** Measured now, not in the baseline. */
    NEW,
    /** In the baseline, not measured now. */
    GONE
  }

  /**
   * One metric's change. {@code ratio} is current median / baseline median (so 1.20 is 20%
   * more time, or 20% more throughput; see {@code higherIsBetter}); {@code low}..{@code high}
   * is its confidence interval. NaN where the verdict is NEW or GONE.
   */
  public record MetricChange(String key, String runtime, String workload, String phase, String metric,
      String unit, Map<String, String> params, boolean higherIsBetter, Verdict verdict,
      double baselineMedian, double currentMedian, double ratio, double low, double high,
      int baselineN, int currentN) {

    public MetricChange {
      params = Map.copyOf(params);
    }

    /** The change in percent (+20 = 20% larger), or NaN. */
    public double changePercent() {
      return (ratio - 1) * 100;
    }
  }

  /**
   * A conformance case whose outcome changed. {@code before}/{@code after} are null when the
   * case was absent from that run.
   */
  public record CaseChange(String key, Outcome before, Outcome after, String message) {
    /** A case that passed in the baseline and fails now: always flagged. */
    public boolean regression() {
      return before == Outcome.PASSED && after == Outcome.FAILED;
    }

    /** A case that failed in the baseline and passes now. */
    public boolean fixed() {
      return (before == Outcome.FAILED || before == Outcome.EXPECTED_FAILURE) && after == Outcome.PASSED;
    }
  }
}

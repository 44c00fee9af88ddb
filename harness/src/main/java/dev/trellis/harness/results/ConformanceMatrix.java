package dev.trellis.harness.results;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Conformance per runtime and feature area: the counts of each outcome in each cell.
 *
 * @param runtimes the rows, sorted
 * @param features the columns (feature areas), sorted
 * @param cells runtime → feature → counts; a missing cell means no case ran there
 */
public record ConformanceMatrix(List<String> runtimes, List<String> features,
    Map<String, Map<String, Tally>> cells) {

  public ConformanceMatrix {
    runtimes = List.copyOf(runtimes);
    features = List.copyOf(features);
    Map<String, Map<String, Tally>> copy = new TreeMap<>();
    cells.forEach((r, row) -> copy.put(r, Map.copyOf(new TreeMap<>(row))));
    cells = Map.copyOf(copy);
  }

  /** The matrix of {@code cases}. */
  public static ConformanceMatrix of(Collection<CaseResult> cases) {
    TreeSet<String> runtimes = new TreeSet<>();
    TreeSet<String> features = new TreeSet<>();
    Map<String, Map<String, Tally>> cells = new TreeMap<>();
    for (CaseResult c : cases) {
      runtimes.add(c.runtime());
      features.add(c.feature());
      cells.computeIfAbsent(c.runtime(), r -> new TreeMap<>())
          .merge(c.feature(), Tally.of(c.outcome()), Tally::plus);
    }
    return new ConformanceMatrix(new ArrayList<>(runtimes), new ArrayList<>(features), cells);
  }

  /** The counts of one cell (all zero when no case ran there). */
  public Tally cell(String runtime, String feature) {
    return cells.getOrDefault(runtime, Map.of()).getOrDefault(feature, Tally.ZERO);
  }

  /** The counts of one runtime across all feature areas. */
  public Tally total(String runtime) {
    Tally t = Tally.ZERO;
    for (Tally x : cells.getOrDefault(runtime, Map.of()).values()) {
      t = t.plus(x);
    }
    return t;
  }

  /** Counts of each outcome. */
  public record Tally(int passed, int failed, int skipped, int unsupported, int expectedFailure) {
    public static final Tally ZERO = new Tally(0, 0, 0, 0, 0);

    public static Tally of(Outcome o) {
      return switch (o) {
        case PASSED -> new Tally(1, 0, 0, 0, 0);
        case FAILED -> new Tally(0, 1, 0, 0, 0);
        case SKIPPED -> new Tally(0, 0, 1, 0, 0);
        case UNSUPPORTED -> new Tally(0, 0, 0, 1, 0);
        case EXPECTED_FAILURE -> new Tally(0, 0, 0, 0, 1);
      };
    }

    public Tally plus(Tally o) {
      return new Tally(passed + o.passed, failed + o.failed, skipped + o.skipped,
          unsupported + o.unsupported, expectedFailure + o.expectedFailure);
    }

    public int total() {
      return passed + failed + skipped + unsupported + expectedFailure;
    }

    /**
     * The share of the cases that ran (passed, failed or expected to fail) that passed, or
     * NaN when none ran: skipped and unsupported cases do not count against a runtime.
     */
    public double passRate() {
      int ran = passed + failed + expectedFailure;
      return ran == 0 ? Double.NaN : (double) passed / ran;
    }
  }
}

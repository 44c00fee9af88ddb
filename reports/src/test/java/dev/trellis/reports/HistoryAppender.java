package dev.trellis.reports;

import dev.trellis.harness.results.CaseResult;
import dev.trellis.harness.results.Outcome;
import dev.trellis.harness.results.RunResults;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A separate process for the kill test: appends runs {@code first..first+count-1} to a
 * history, printing {@code appended ID} after each append returns. Each run is big (many
 * cases) so that an append takes long enough to be killed in the middle of it.
 */
public final class HistoryAppender {
  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    int first = Integer.parseInt(args[1]);
    int count = Integer.parseInt(args[2]);
    int cases = Integer.parseInt(args[3]);
    int failEvery = Integer.parseInt(args[4]);
    History h = new History(file);
    for (int i = first; i < first + count; i++) {
      RunResults r = big(i, cases, failEvery);
      h.append(r);
      System.out.println("appended " + r.run().id());
      System.out.flush();
    }
  }

  /** Run number {@code i}: deterministic, so the test can rebuild it and compare. */
  static RunResults big(int i, int cases) {
    return big(i, cases, 17);
  }

  /** Run {@code i} where every {@code failEvery}-th case fails (failures are kept in full by the history). */
  static RunResults big(int i, int cases, int failEvery) {
    List<CaseResult> cs = new ArrayList<>(cases);
    for (int c = 0; c < cases; c++) {
      boolean fails = (c + i) % failEvery == 0;
      cs.add(new CaseResult("alpha", "component-model", "file-" + (c / 100) + ".wast", c % 100 + 1, "assert_return",
          fails ? Outcome.FAILED : Outcome.PASSED, fails ? "synthetic failure " + i : null,
          "feature-" + (c % 7), c));
    }
    return new RunResults(Fixtures.run("run-" + i, i), cs,
        List.of(Fixtures.time("alpha", "nop", "call", Fixtures.normal(i, 10, 100, 3))));
  }
}

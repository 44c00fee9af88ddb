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
    History h = new History(file);
    for (int i = first; i < first + count; i++) {
      RunResults r = big(i, cases);
      h.append(r);
      System.out.println("appended " + r.run().id());
      System.out.flush();
    }
  }

  /** Run number {@code i}: deterministic, so the test can rebuild it and compare. */
  static RunResults big(int i, int cases) {
    List<CaseResult> cs = new ArrayList<>(cases);
    for (int c = 0; c < cases; c++) {
      cs.add(new CaseResult("alpha", "component-model", "file-" + (c / 100) + ".wast", c % 100 + 1, "assert_return",
          (c + i) % 17 == 0 ? Outcome.FAILED : Outcome.PASSED, (c + i) % 17 == 0 ? "synthetic failure " + i : null,
          "feature-" + (c % 7), c));
    }
    return new RunResults(Fixtures.run("run-" + i, i), cs,
        List.of(Fixtures.time("alpha", "nop", "call", Fixtures.normal(i, 10, 100, 3))));
  }
}

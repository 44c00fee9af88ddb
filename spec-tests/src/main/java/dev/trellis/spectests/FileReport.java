package dev.trellis.spectests;

import dev.trellis.harness.results.CaseResult;
import dev.trellis.harness.results.Outcome;
import java.util.List;

/**
 * The cases of one run of one script.
 *
 * @param mode the mode the run was in ({@link WastSession#mode()}): {@code parse},
 *     {@code validate} or {@code execute}
 */
public record FileReport(String file, String suite, String feature, String mode, List<CaseReport> cases) {
  public FileReport {
    cases = List.copyOf(cases);
  }

  public long count(Outcome o) {
    return cases.stream().filter(c -> c.outcome() == o).count();
  }

  public long passed() {
    return count(Outcome.PASSED);
  }

  public long failed() {
    return count(Outcome.FAILED);
  }

  public long skipped() {
    return count(Outcome.SKIPPED);
  }

  public long unsupported() {
    return count(Outcome.UNSUPPORTED);
  }

  public long expectedFailures() {
    return count(Outcome.EXPECTED_FAILURE);
  }

  /** The cases as the shared result records of {@code harness.results}. */
  public List<CaseResult> toCaseResults(String runtime) {
    return cases.stream().map(c -> new CaseResult(runtime, suite, c.file(), c.line(), c.directive(), c.outcome(),
        c.message(), feature)).toList();
  }
}

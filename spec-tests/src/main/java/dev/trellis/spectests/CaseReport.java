package dev.trellis.spectests;

import dev.trellis.harness.results.Outcome;

/**
 * The outcome of one directive of a script.
 *
 * @param file the script's case id (path under the suites root, {@code [label]} for a labelled run)
 * @param line the directive's 1-based line
 * @param directive the directive's name, e.g. {@code assert_invalid}
 * @param outcome passed, failed, skipped (with the expectation's reason) or expected-failure
 * @param message why it failed or was skipped; null when it passed
 */
public record CaseReport(String file, int line, String directive, Outcome outcome, String message) {
  /** {@code file:line}, the name of the case in reports and expectation files. */
  public String key() {
    return file + ":" + line;
  }
}

package dev.trellis.harness.results;

import java.util.Objects;

/**
 * The result of one conformance directive (one {@code assert_*}/{@code module} form of a
 * {@code .wast} file, or one case of another suite) on one runtime.
 *
 * @param runtime the runtime id, e.g. {@code trellis}, {@code wasmtime}
 * @param suite the suite, e.g. {@code component-model}, {@code wasm-tools}, {@code wasi}
 * @param file the file relative to the suite's root, with {@code /} separators
 * @param line the 1-based line the directive starts on (0 when the case has no line)
 * @param directive the directive kind, e.g. {@code assert_invalid}, {@code assert_return}
 * @param outcome how it ended
 * @param message why it failed, was skipped or is unsupported; {@code null} when it passed
 * @param feature the feature area the case exercises, e.g. {@code resources}, {@code strings},
 *     {@code async} (the columns of the conformance matrix)
 * @param nanos wall time spent on the directive, or 0 when not measured
 */
public record CaseResult(
    String runtime,
    String suite,
    String file,
    int line,
    String directive,
    Outcome outcome,
    String message,
    String feature,
    long nanos) {

  public CaseResult {
    Objects.requireNonNull(runtime, "runtime");
    Objects.requireNonNull(suite, "suite");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(directive, "directive");
    Objects.requireNonNull(outcome, "outcome");
    feature = feature == null || feature.isBlank() ? "other" : feature;
  }

  /** A result without a measured duration. */
  public CaseResult(String runtime, String suite, String file, int line, String directive,
      Outcome outcome, String message, String feature) {
    this(runtime, suite, file, line, directive, outcome, message, feature, 0);
  }

  /**
   * What identifies the case across runs (everything but the outcome, message and time):
   * {@code runtime suite file:line directive}.
   */
  public String key() {
    return runtime + " " + suite + " " + file + ":" + line + " " + directive;
  }
}

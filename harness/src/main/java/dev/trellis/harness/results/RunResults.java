package dev.trellis.harness.results;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything one run produced: its metadata, conformance case results and measurements. This
 * is the document the tools exchange (a {@code results.json} file, one line of the history);
 * {@link ResultsJson} reads and writes it.
 */
public record RunResults(RunInfo run, List<CaseResult> cases, List<Measurement> measurements) {

  /** The value of the {@code format} field that marks a results document. */
  public static final String FORMAT = "trellis-results/1";

  public RunResults {
    Objects.requireNonNull(run, "run");
    cases = cases == null ? List.of() : List.copyOf(cases);
    measurements = measurements == null ? List.of() : List.copyOf(measurements);
  }

  /** Written first in every results document so readers can recognise one. */
  @JsonProperty(value = "format", index = 0)
  public String format() {
    return FORMAT;
  }

  /** The conformance matrix of the cases. */
  public ConformanceMatrix matrix() {
    return ConformanceMatrix.of(cases);
  }

  /** This run's metadata with {@code other}'s cases and measurements added. */
  public RunResults plus(RunResults other) {
    List<CaseResult> c = new ArrayList<>(cases);
    c.addAll(other.cases);
    List<Measurement> m = new ArrayList<>(measurements);
    m.addAll(other.measurements);
    return new RunResults(run, c, m);
  }

  /** The same results under other metadata. */
  public RunResults withRun(RunInfo newRun) {
    return new RunResults(newRun, cases, measurements);
  }
}

package dev.trellis.harness.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.engine.error.TextException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsJsonTest {
  static final Machine M = new Machine("Test CPU @ 1GHz", 2, "Temurin 25", "Linux 6 amd64", Map.of("wasmtime", "49.0.0"));
  static final RunInfo RUN = new RunInfo("20250101-000000-abcdef0", "nightly", Instant.parse("2025-01-01T00:00:00Z"),
      Instant.parse("2025-01-01T00:10:00.123Z"), "abcdef0123", M);

  static RunResults sample() {
    return new RunResults(RUN,
        List.of(new CaseResult("trellis", "component-model", "values/strings.wast", 12, "assert_return", Outcome.PASSED, null, "strings", 1500),
            new CaseResult("wasmtime", "component-model", "async/a.wast", 3, "assert_trap", Outcome.UNSUPPORTED, "needs async", "async")),
        List.of(new Measurement("trellis", "nop", "call", "time", "ns", Map.of("backend", "compiler"), List.of(10.0, 11.5, 9.0), M)));
  }

  @Test
  void roundTripsThroughJsonAndKeepsEveryField() {
    RunResults r = sample();
    String line = ResultsJson.toLine(r);
    assertThat(line).startsWith("{\"format\":\"trellis-results/1\"").doesNotContain("\n");
    assertThat(line).doesNotContain("\"key\"", "\"summary\"", "\"values\"", "\"matrix\"", "higherIsBetter");
    assertThat(line).contains("\"outcome\":\"unsupported\"").contains("\"started\":\"2025-01-01T00:00:00Z\"");
    assertThat(ResultsJson.parse(line, "x")).isEqualTo(r);
  }

  @Test
  void expectedFailureIsSpelledWithADash() {
    assertThat(Outcome.EXPECTED_FAILURE.id()).isEqualTo("expected-failure");
    assertThat(Outcome.of("expected-failure")).isEqualTo(Outcome.EXPECTED_FAILURE);
    assertThatThrownBy(() -> Outcome.of("flaky")).hasMessageContaining("unknown outcome");
  }

  @Test
  void writesAtomicallyAndRecognisesResultsFiles(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("results.json");
    ResultsJson.write(sample(), f);
    assertThat(ResultsJson.isResults(f)).isTrue();
    assertThat(ResultsJson.read(f)).isEqualTo(sample());
    try (var s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("results.json");
    }
    Path other = dir.resolve("other.json");
    Files.writeString(other, "{\"a\": 1}");
    assertThat(ResultsJson.isResults(other)).isFalse();
  }

  @Test
  void malformedInputIsATextErrorWithLineAndColumn() {
    assertThatThrownBy(() -> ResultsJson.parse("{\"format\":\"trellis-results/1\",\n \"run\": {\"id\": }", "r.json"))
        .isInstanceOf(TextException.class)
        .satisfies(e -> assertThat(((TextException) e).line()).isEqualTo(2))
        .hasMessageStartingWith("r.json:2:");
    assertThatThrownBy(() -> ResultsJson.parse("[1,2]", "r.json"))
        .isInstanceOf(TextException.class).hasMessageContaining("not a Trellis results document");
    assertThatThrownBy(() -> ResultsJson.parse("{\"format\":\"trellis-results/1\",\"run\":{\"id\":\"a b\"}}", "r.json"))
        .isInstanceOf(TextException.class).hasMessageContaining("run id");
    assertThatThrownBy(() -> ResultsJson.parse("{\"format\":\"trellis-results/1\",\"run\":{\"id\":\"a\"},"
        + "\"measurements\":[{\"runtime\":\"r\",\"workload\":\"w\",\"phase\":\"call\",\"metric\":\"t\",\"unit\":\"ns\",\"samples\":[]}]}", "r.json"))
        .isInstanceOf(TextException.class).hasMessageContaining("at least one sample");
    assertThatThrownBy(() -> ResultsJson.parse("{\"format\":\"trellis-results/1\",\"run\":{\"id\":\"a\"},"
        + "\"measurements\":[{\"runtime\":\"r\",\"workload\":\"w\",\"phase\":\"call\",\"metric\":\"t\",\"unit\":\"ns\",\"samples\":[1,\"NaN\"]}]}", "r.json"))
        .isInstanceOf(TextException.class).hasMessageContaining("finite");
  }

  @Test
  void summaryUsesInterpolatedQuantiles() {
    Summary s = Summary.of(List.of(4.0, 1.0, 3.0, 2.0, 5.0));
    assertThat(s.n()).isEqualTo(5);
    assertThat(s.median()).isEqualTo(3.0);
    assertThat(s.p25()).isEqualTo(2.0);
    assertThat(s.p90()).isEqualTo(4.6, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(s.mean()).isEqualTo(3.0);
    assertThat(s.stddev()).isEqualTo(Math.sqrt(2.5), org.assertj.core.data.Offset.offset(1e-12));
    assertThat(Summary.of(List.of(7.0)).median()).isEqualTo(7.0);
  }

  @Test
  void measurementKeyAndDirection() {
    Measurement m = sample().measurements().getFirst();
    assertThat(m.key()).isEqualTo("trellis nop call time[ns] {backend=compiler}");
    assertThat(m.higherIsBetter()).isFalse();
    assertThat(m.withSamples(List.of(1.0)).key()).isEqualTo(m.key());
    assertThat(Measurement.of("jdk", "arraycopy", "throughput", "copy", "MB/s", null, new double[] {1, 2}, M).higherIsBetter()).isTrue();
  }

  @Test
  void matrixCountsOutcomesPerRuntimeAndFeature() {
    List<CaseResult> cases = List.of(
        new CaseResult("a", "s", "f", 1, "d", Outcome.PASSED, null, "strings"),
        new CaseResult("a", "s", "f", 2, "d", Outcome.FAILED, "boom", "strings"),
        new CaseResult("a", "s", "f", 3, "d", Outcome.SKIPPED, "why", "strings"),
        new CaseResult("b", "s", "f", 1, "d", Outcome.EXPECTED_FAILURE, "known", "async"),
        new CaseResult("b", "s", "f", 1, "d", Outcome.PASSED, null, null));
    ConformanceMatrix m = ConformanceMatrix.of(cases);
    assertThat(m.runtimes()).containsExactly("a", "b");
    assertThat(m.features()).containsExactly("async", "other", "strings");
    assertThat(m.cell("a", "strings")).isEqualTo(new ConformanceMatrix.Tally(1, 1, 1, 0, 0));
    assertThat(m.cell("a", "strings").passRate()).isEqualTo(0.5);
    assertThat(m.cell("a", "async").passRate()).isNaN();
    assertThat(m.total("b").total()).isEqualTo(2);
    String json = ResultsJson.toPrettyJson(m);
    assertThat(ResultsJson.mapper().convertValue(ResultsJson.mapper().convertValue(m, Map.class), ConformanceMatrix.class)).isEqualTo(m);
    assertThat(json).contains("\"expectedFailure\" : 1");
  }
}

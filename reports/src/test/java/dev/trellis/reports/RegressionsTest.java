package dev.trellis.reports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.harness.results.Measurement;
import dev.trellis.harness.results.Outcome;
import dev.trellis.harness.results.RunResults;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RegressionsTest {
  static final Regressions.Settings S = Regressions.Settings.DEFAULT;

  static RunResults runOf(String id, List<Measurement> ms) {
    return new RunResults(Fixtures.run(id, 0), List.of(), ms);
  }

  /** The baseline: 30 samples around 1000 us with 2% noise. */
  static final List<Double> BASE = Fixtures.normal(1, 30, 1000, 20);

  @Test
  void aTwentyPercentSlowdownInjectedIntoTheSamplesIsFlagged() {
    List<Double> slowed = BASE.stream().map(x -> x * 1.20).toList();
    Comparison c = Regressions.compare(
        runOf("now", List.of(Fixtures.time("alpha", "nop", "call", slowed))),
        runOf("before", List.of(Fixtures.time("alpha", "nop", "call", BASE))), S);
    Comparison.MetricChange m = c.metrics().getFirst();
    assertThat(m.verdict()).isEqualTo(Comparison.Verdict.REGRESSED);
    assertThat(m.ratio()).isCloseTo(1.20, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(m.low()).isGreaterThan(1.05).isLessThan(1.20);
    assertThat(m.high()).isGreaterThan(1.20);
    assertThat(c.regressed()).isTrue();
    assertThat(c.metricRegressions()).hasSize(1);
  }

  @Test
  void noiseWithinTheThresholdIsNotFlagged() {
    Random r = new Random(42);
    // every sample jittered by up to +-3%, and the whole run shifted by +2%: within 5%
    List<Double> noisy = BASE.stream().map(x -> x * 1.02 * (1 + (r.nextDouble() * 0.06 - 0.03))).toList();
    Comparison c = Regressions.compare(
        runOf("now", List.of(Fixtures.time("alpha", "nop", "call", noisy))),
        runOf("before", List.of(Fixtures.time("alpha", "nop", "call", BASE))), S);
    assertThat(c.metrics().getFirst().verdict()).isEqualTo(Comparison.Verdict.UNCHANGED);
    assertThat(c.regressed()).isFalse();
  }

  @Test
  void aShiftBeyondTheThresholdWhoseIntervalStillReachesInsideItIsNotFlagged() {
    // median 7% slower but so noisy (sd 25%) that the interval reaches below 1.05
    List<Double> base = Fixtures.normal(3, 12, 1000, 250);
    List<Double> now = Fixtures.normal(4, 12, 1000, 250).stream().map(x -> x * 1.07).toList();
    Comparison.MetricChange m = Regressions.compare(Fixtures.time("a", "w", "call", base), Fixtures.time("a", "w", "call", now), S);
    assertThat(m.low()).isLessThan(1.05);
    assertThat(m.verdict()).isNotEqualTo(Comparison.Verdict.REGRESSED);
  }

  @Test
  void throughputRegressesWhenItDrops() {
    Measurement before = new Measurement("a", "list-u8", "throughput", "abi", "MB/s", Map.of("bytes", "65536"), BASE, Fixtures.MACHINE);
    Measurement dropped = before.withSamples(BASE.stream().map(x -> x * 0.8).toList());
    Measurement rose = before.withSamples(BASE.stream().map(x -> x * 1.2).toList());
    assertThat(Regressions.compare(before, dropped, S).verdict()).isEqualTo(Comparison.Verdict.REGRESSED);
    assertThat(Regressions.compare(before, rose, S).verdict()).isEqualTo(Comparison.Verdict.IMPROVED);
    // and for time, faster is an improvement
    Measurement t = Fixtures.time("a", "w", "call", BASE);
    assertThat(Regressions.compare(t, t.withSamples(BASE.stream().map(x -> x * 0.8).toList()), S).verdict())
        .isEqualTo(Comparison.Verdict.IMPROVED);
  }

  @Test
  void theIntervalIsReproducibleWithTheFixedSeed() {
    Measurement a = Fixtures.time("a", "w", "call", BASE);
    Measurement b = Fixtures.time("a", "w", "call", Fixtures.normal(9, 30, 1030, 20));
    Comparison.MetricChange one = Regressions.compare(a, b, S);
    Comparison.MetricChange two = Regressions.compare(a, b, S);
    assertThat(one).isEqualTo(two);
    assertThat(one.low()).isLessThan(one.ratio());
    assertThat(one.high()).isGreaterThan(one.ratio());
  }

  @Test
  void tooFewSamplesAreInconclusiveNotFlagged() {
    Measurement a = Fixtures.time("a", "w", "call", List.of(100.0, 101.0));
    Measurement b = Fixtures.time("a", "w", "call", List.of(200.0, 201.0));
    Comparison.MetricChange m = Regressions.compare(a, b, S);
    assertThat(m.verdict()).isEqualTo(Comparison.Verdict.INCONCLUSIVE);
    assertThat(m.ratio()).isCloseTo(1.99, org.assertj.core.data.Offset.offset(0.01));
  }

  @Test
  void newAndGoneMetricsAreListedNotFlagged() {
    Comparison c = Regressions.compare(
        runOf("now", List.of(Fixtures.time("a", "new", "call", BASE))),
        runOf("before", List.of(Fixtures.time("a", "old", "call", BASE))), S);
    assertThat(c.metrics()).extracting(Comparison.MetricChange::verdict)
        .containsExactlyInAnyOrder(Comparison.Verdict.NEW, Comparison.Verdict.GONE);
    assertThat(c.regressed()).isFalse();
  }

  @Test
  void aConformanceCaseThatPassedAndNowFailsIsAlwaysFlagged() {
    RunResults before = new RunResults(Fixtures.run("before", 0), List.of(
        Fixtures.kase("alpha", "strings.wast", 3, Outcome.PASSED, "strings"),
        Fixtures.kase("alpha", "strings.wast", 9, Outcome.FAILED, "strings"),
        Fixtures.kase("alpha", "lists.wast", 1, Outcome.PASSED, "lists")), List.of());
    RunResults now = new RunResults(Fixtures.run("now", 1), List.of(
        Fixtures.kase("alpha", "strings.wast", 3, Outcome.FAILED, "strings"),
        Fixtures.kase("alpha", "strings.wast", 9, Outcome.PASSED, "strings"),
        Fixtures.kase("alpha", "lists.wast", 1, Outcome.PASSED, "lists")), List.of());
    Comparison c = Regressions.compare(now, before, S);
    assertThat(c.regressed()).isTrue();
    assertThat(c.caseRegressions()).extracting(Comparison.CaseChange::key)
        .containsExactly("alpha component-model strings.wast:3 assert_return");
    assertThat(c.cases()).filteredOn(Comparison.CaseChange::fixed).hasSize(1);
    // with no change at all, nothing is flagged
    assertThat(Regressions.compare(before, before, S).regressed()).isFalse();
  }

  @Test
  void aDifferentMachineIsNoted() {
    RunResults a = runOf("a", List.of());
    RunResults b = a.withRun(new dev.trellis.harness.results.RunInfo("b", null, null, null, null,
        new dev.trellis.harness.results.Machine("Other CPU", 64, "j", "Linux test", Map.of())));
    assertThat(Regressions.compare(a, b, S).notes()).singleElement().asString().contains("another machine");
  }

  @Test
  void largeSampleSetsAreThinnedButStillJudged() {
    List<Double> base = Fixtures.normal(11, 100_000, 1000, 50);
    Measurement a = Fixtures.time("a", "w", "http", base);
    long t0 = System.nanoTime();
    Comparison.MetricChange slowed = Regressions.compare(a, a.withSamples(base.stream().map(x -> x * 1.2).toList()), S);
    assertThat(slowed.verdict()).isEqualTo(Comparison.Verdict.REGRESSED);
    assertThat(slowed.ratio()).isCloseTo(1.2, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(Regressions.compare(a, a, S).verdict()).isEqualTo(Comparison.Verdict.UNCHANGED);
    assertThat((System.nanoTime() - t0) / 1e9).as("seconds for two 100k-sample comparisons").isLessThan(20);
    assertThat(Bootstrap.thin(new double[] {3, 1, 2})).containsExactly(3, 1, 2);
    assertThat(Bootstrap.thin(Fixtures.normal(1, 5000, 0, 1).stream().mapToDouble(Double::doubleValue).toArray()))
        .hasSize(Bootstrap.MAX_SAMPLES).isSorted();
  }

  @Test
  void quickselectMedianAgreesWithSorting() {
    Random r = new Random(5);
    for (int t = 0; t < 2000; t++) {
      int n = 1 + r.nextInt(40);
      double[] xs = new double[n];
      for (int i = 0; i < n; i++) {
        xs[i] = r.nextInt(8); // many duplicates
      }
      double[] sorted = xs.clone();
      Arrays.sort(sorted);
      double expected = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
      assertThat(Bootstrap.median(xs.clone())).as(Arrays.toString(xs)).isEqualTo(expected);
    }
  }
}

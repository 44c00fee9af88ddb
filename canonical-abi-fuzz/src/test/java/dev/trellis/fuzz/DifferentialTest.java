package dev.trellis.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.harness.spi.Probe;
import dev.trellis.harness.spi.Runtime;
import dev.trellis.harness.spi.Runtimes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The differential campaign in the build, time-bounded: fixed seeds, a few hundred function
 * types, each run on the reference engine and on every other runtime of the harness that runs
 * components. Every runtime must hand every argument back, apart from the
 * {@link KnownDisagreements known, explained disagreements}. A new disagreement fails the test
 * with its shrunk case, written as a regression script under {@code target/fuzz-regressions}
 * (move it to {@code src/test/resources/regressions} once understood). Long campaigns:
 * {@code trellis fuzz abi}.
 */
class DifferentialTest {
  static final Path OUT = Path.of("target/fuzz-regressions");
  static final List<Runtime> OPENED = new ArrayList<>();
  static Runtimes all;

  @BeforeAll
  static void discover() {
    all = Runtimes.discover();
  }

  @AfterAll
  static void close() {
    OPENED.forEach(Runtime::close);
  }

  static Runtime open(String id) {
    Probe p = all.provider(id).map(Runtimes::safeProbe).orElse(Probe.missing("no provider"));
    Assumptions.assumeTrue(p instanceof Probe.Available, () -> id + " is not available here: " + p);
    Runtime r = all.open(id);
    OPENED.add(r);
    return r;
  }

  static Runtime trellis;

  static Runtime trellis() {
    if (trellis == null) {
      trellis = open("trellis");
    }
    return trellis;
  }

  @Test
  void trellisAndWasmtimeAgree() {
    campaign(20260001L, 300, List.of(trellis(), open("wasmtime")));
  }

  @Test
  void bothReferenceEngineBackendsAgree() {
    campaign(20260002L, 80, List.of(trellis(), open("trellis-compiler")));
  }

  @Test
  void jcoAgreesBarKnownDisagreements() {
    campaign(20260003L, 40, List.of(trellis(), open("jco")));
  }

  static void campaign(long seed, int tries, List<Runtime> runtimes) {
    Campaign.Config config = Campaign.Config.defaults(seed, tries, null).withRegressions(OUT)
        .withOrigin("DifferentialTest, seed " + seed);
    Campaign.Summary s = new Campaign(config, runtimes, new Campaign.Listener() {}).run();
    assertThat(s.cases()).isEqualTo(tries);
    assertThat(s.failures())
        .as("new disagreements among %s:%n%s", runtimes.stream().map(Runtime::id).toList(), describe(s.failures()))
        .isEmpty();
    assertThat(s.agreed()).as("most types agree outright").isGreaterThan(tries / 2);
  }

  static String describe(List<Campaign.Failure> fs) {
    return fs.stream().map(f -> "case seed " + f.caseSeed() + ", shrunk in " + f.shrinkSteps() + " steps: "
        + f.shrunk().echoCase().describe() + "\n  calls: " + f.shrunk().echoCase().calls() + "\n  "
        + f.shrunk().problems().stream().map(Object::toString).collect(Collectors.joining("\n  "))
        + "\n  regression: " + f.regression()).collect(Collectors.joining("\n"));
  }
}

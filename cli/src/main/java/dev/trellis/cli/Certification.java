package dev.trellis.cli;

import dev.trellis.harness.results.CaseResult;
import dev.trellis.harness.spi.Runtime;
import dev.trellis.spectests.CaseReport;
import dev.trellis.spectests.Expectations;
import dev.trellis.spectests.RuntimeTarget;
import dev.trellis.spectests.SpecSuite;
import dev.trellis.spectests.WastRunner;
import dev.trellis.spectests.WastSession;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Certifies one runtime on the spec suites: every directive of every script becomes one
 * {@link CaseResult}, timed. What each case means, and which cases are unsupported, is the
 * spec runner's ({@code WastRunner} over a {@code RuntimeTarget}): the same code
 * {@code trellis wast --runtime ID} and the JUnit suites run, so the three agree case for case.
 */
final class Certification {

  /** Progress, one call per case. */
  interface Progress {
    void advance(String runtime, String file);
  }

  private final Runtime runtime;
  private final Expectations expectations;
  private final Path suitesRoot;
  private final Duration timeout;

  Certification(Runtime runtime, Expectations expectations, Path suitesRoot, Duration timeout) {
    this.runtime = runtime;
    this.expectations = expectations;
    this.suitesRoot = suitesRoot;
    this.timeout = timeout;
  }

  /** The sessions (one per run of each script) of {@code suite}, not yet run. */
  List<WastSession> sessions(SpecSuite suite) throws IOException {
    WastRunner runner = new WastRunner(new RuntimeTarget(runtime), expectations, suitesRoot).timeout(timeout);
    List<WastSession> out = new ArrayList<>();
    for (Path script : WastRunner.scripts(List.of(suite.root(suitesRoot)))) {
      out.addAll(runner.sessions(script));
    }
    return out;
  }

  /** Runs every case of {@code session}, timing each. */
  List<CaseResult> run(WastSession session, Progress progress) {
    List<CaseResult> out = new ArrayList<>();
    try (session) {
      for (int i = 0; i < session.size(); i++) {
        long t0 = System.nanoTime();
        CaseReport c = session.run(i);
        long nanos = System.nanoTime() - t0;
        out.add(new CaseResult(runtime.id(), session.suite(), session.file(), c.line(), c.directive(), c.outcome(),
            c.message(), session.feature(), nanos));
        progress.advance(runtime.id(), session.file());
      }
    }
    return out;
  }
}

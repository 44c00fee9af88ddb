package dev.trellis.spectests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;

/**
 * WAST scripts as JUnit dynamic tests, the one way every suite of the project runs them: a
 * container per script run, a test per directive named {@code file:line} (with a source URI
 * an IDE can open), then a test that fails if an expectation entry matches no case.
 */
public final class WastTests {
  private WastTests() {}

  /**
   * The scripts on {@code runner}, and last a check that no entry of its expectations in
   * {@code mode} for which {@code relevant} holds went unused (an entry that matches nothing
   * fails the build, so the file cannot go stale).
   */
  public static List<DynamicNode> of(WastRunner runner, List<Path> scripts, String mode,
      Predicate<Expectations.Entry> relevant) throws IOException {
    List<DynamicNode> nodes = new ArrayList<>();
    for (Path script : scripts) {
      URI uri = script.toUri();
      for (WastSession s : runner.sessions(script)) {
        nodes.add(DynamicContainer.dynamicContainer(s.file(), uri, IntStream.range(0, s.size())
            .mapToObj(i -> DynamicTest.dynamicTest(s.file() + ":" + s.line(i),
                URI.create(uri + "?line=" + s.line(i)), () -> check(s.run(i))))));
      }
    }
    Expectations expectations = runner.expectations();
    nodes.add(DynamicTest.dynamicTest("expectations: no stale " + mode + " entry", () ->
        assertThat(expectations.unused(mode).stream().filter(relevant).map(Expectations.Entry::key))
            .as("entries of %s that match no case (remove them)", expectations.source())
            .isEmpty()));
    return nodes;
  }

  /**
   * One case as a test: passed and expected failures pass, skipped and unsupported cases are
   * aborted with their reason (JUnit reports them as skipped, never silently), failures fail.
   */
  public static void check(CaseReport r) {
    switch (r.outcome()) {
      case PASSED, EXPECTED_FAILURE -> {
      }
      case SKIPPED, UNSUPPORTED -> Assumptions.abort(r.message());
      case FAILED -> fail(r.directive() + ": " + r.message());
    }
  }
}

package dev.trellis.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.harness.Suites;
import dev.trellis.harness.spi.Probe;
import dev.trellis.harness.spi.Runtimes;
import dev.trellis.spectests.Expectations;
import dev.trellis.spectests.RuntimeTarget;
import dev.trellis.spectests.WastRunner;
import dev.trellis.spectests.WastTests;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays every regression script the differential campaigns wrote
 * ({@code src/test/resources/regressions/*.wast}) through the spec runner, one test per
 * directive: on the reference engine (both core backends) every one must pass; on Wasmtime and
 * jco, when this machine has them, every one must pass except the known, explained
 * disagreements listed in {@code regressions/expectations/RUNTIME.txt} (an entry that passes,
 * or matches nothing, fails the build).
 */
class RegressionsTest {

  static Path dir() {
    return Suites.repoRoot().resolve(Regressions.DIRECTORY);
  }

  @TestFactory
  Stream<DynamicNode> trellis() throws IOException {
    return replay("trellis");
  }

  @TestFactory
  Stream<DynamicNode> trellisCompiler() throws IOException {
    return replay("trellis-compiler");
  }

  @TestFactory
  Stream<DynamicNode> wasmtime() throws IOException {
    return replay("wasmtime");
  }

  @TestFactory
  Stream<DynamicNode> jco() throws IOException {
    return replay("jco");
  }

  static Stream<DynamicNode> replay(String runtime) throws IOException {
    Runtimes all = Runtimes.discover();
    Probe probe = all.provider(runtime).map(Runtimes::safeProbe).orElse(Probe.missing("no provider"));
    if (!(probe instanceof Probe.Available)) {
      return Stream.of(DynamicTest.dynamicTest(runtime + " is not available here", () ->
          Assumptions.abort(runtime + " is not available: " + probe)));
    }
    List<Path> scripts = WastRunner.scripts(List.of(dir()));
    assertThat(scripts).as("regression scripts in %s", dir()).isNotEmpty();
    Expectations expectations = Expectations.load(dir().resolve("expectations").resolve(runtime + ".txt"));
    WastRunner runner = new WastRunner(new RuntimeTarget(all.open(runtime)), expectations, dir());
    return WastTests.of(runner, scripts, "execute", e -> true).stream();
  }
}

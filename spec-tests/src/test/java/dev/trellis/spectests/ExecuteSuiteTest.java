package dev.trellis.spectests;

import dev.trellis.harness.Suites;
import dev.trellis.harness.spi.Runtimes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * Execute mode on the reference engine, both core backends: the scripts that run components
 * ({@code component-model/test/values}, {@code resources}, {@code linking} and wasm-tools'
 * {@code assert_return.wast}) through the harness's {@code trellis} and
 * {@code trellis-compiler} runtimes, as {@code trellis wast --runtime ID} runs them. Every
 * {@code assert_return} and {@code assert_trap} must pass, except the cases each runtime's
 * expectations file lists (the async issue's and Chicory's limits).
 */
class ExecuteSuiteTest {
  static final List<String> SCRIPTS = List.of("component-model/test/values", "component-model/test/resources",
      "component-model/test/linking", "wasm-tools/tests/cli/component-model/assert_return.wast");

  @TestFactory
  Stream<DynamicNode> trellis() throws IOException {
    return execute("trellis");
  }

  @TestFactory
  Stream<DynamicNode> trellisCompiler() throws IOException {
    return execute("trellis-compiler");
  }

  static Stream<DynamicNode> execute(String runtime) throws IOException {
    Path root = Suites.root();
    List<Path> paths = new ArrayList<>();
    for (String s : SCRIPTS) {
      paths.add(Suites.require(root.resolve(s)));
    }
    Expectations expectations = Expectations.forRuntime(Expectations.dir(Suites.repoRoot()), runtime);
    WastRunner runner = new WastRunner(new RuntimeTarget(Runtimes.discover().open(runtime)), expectations, root);
    return WastTests.of(runner, WastRunner.scripts(paths), "execute",
        e -> SCRIPTS.stream().anyMatch(p -> e.file().startsWith(p))).stream();
  }
}

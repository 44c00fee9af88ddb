package dev.trellis.spectests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.harness.Suites;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * Every shared {@code .wast} script as JUnit dynamic tests: a container per script run, a test
 * per directive named {@code file:line}. Runs under {@code parse} mode (every form assembles or
 * decodes, every malformed text form is rejected); the expectations file
 * {@code spec-tests/expectations/trellis.txt} lists the cases skipped or expected to fail,
 * with their reasons. Validate mode runs the same scripts through the validator.
 */
class SpecSuiteTest {

  static List<Path> sharedScripts() throws IOException {
    Path root = Suites.root();
    return WastRunner.scripts(List.of(
        Suites.require(SpecSuite.COMPONENT_MODEL.root(root)),
        Suites.require(SpecSuite.WASM_TOOLS.root(root))));
  }

  @TestFactory
  Stream<DynamicNode> parseOnly() throws IOException {
    Expectations expectations = Expectations.load(Expectations.fileFor(Suites.repoRoot(), "trellis"));
    return suite(new WastRunner(new ParseOnlyTarget(), expectations, Suites.root()), "parse");
  }

  /**
   * Validate mode: every module decodes and validates (reference engine) under its script's
   * run-line features; every assert_invalid and assert_malformed module is rejected.
   */
  @TestFactory
  Stream<DynamicNode> validate() throws IOException {
    Expectations expectations = Expectations.load(Expectations.fileFor(Suites.repoRoot(), "trellis"));
    return suite(new WastRunner(new ValidateTarget(), expectations, Suites.root()), "validate");
  }

  /** The suite on {@code runner}, then a check that no expectation of {@code mode} went unused. */
  static Stream<DynamicNode> suite(WastRunner runner, String mode) throws IOException {
    List<Path> scripts = sharedScripts();
    assertThat(scripts).as("shared .wast scripts").hasSizeGreaterThan(100);
    return WastTests.of(runner, scripts, mode, e -> true).stream();
  }
}

package dev.trellis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.harness.Suites;
import dev.trellis.harness.results.CaseResult;
import dev.trellis.harness.results.ConformanceMatrix;
import dev.trellis.harness.results.Outcome;
import dev.trellis.harness.results.ResultsJson;
import dev.trellis.harness.results.RunResults;
import dev.trellis.spectests.SpecSuite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code trellis certify} on the real Component Model suite, on real runtimes. */
class CertifyCommandTest {

  @Test
  void wasmtimeMatchesItsKnownStateAndWritesTheMatrix(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("out");
    TestRuns.Ran r = TestRuns.cli(cl -> {}, "certify", "--suite", "component-model", "--runtime", "wasmtime",
        "--out", out.toString());
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    RunResults results = ResultsJson.read(out.resolve("results.json"));
    List<CaseResult> cases = results.cases();
    assertThat(cases).isNotEmpty().allSatisfy(c -> {
      assertThat(c.runtime()).isEqualTo("wasmtime");
      assertThat(c.suite()).isEqualTo("component-model");
      assertThat(c.outcome()).isNotEqualTo(Outcome.FAILED);
    });
    // The suite's nyi.txt scripts do not all pass on Wasmtime (through the C API: unsupported).
    for (String nyi : Files.readAllLines(Path.of(System.getProperty("trellis.root"), "../shared/testsuites/component-model/test/nyi.txt"))) {
      if (nyi.startsWith("./")) {
        String file = "component-model/test/" + nyi.substring(2);
        assertThat(cases).filteredOn(c -> c.file().equals(file)).isNotEmpty()
            .anyMatch(c -> c.outcome() != Outcome.PASSED);
      }
    }
    ConformanceMatrix m = ResultsJson.mapper().readValue(out.resolve("matrix.json").toFile(), ConformanceMatrix.class);
    assertThat(m.runtimes()).containsExactly("wasmtime");
    assertThat(m.features()).contains("async", "binary", "linking", "resources", "validation", "values");
    assertThat(m.total("wasmtime").total()).isEqualTo(cases.size());
    assertThat(m.cell("wasmtime", "values").passed()).isPositive();
    String junit = Files.readString(out.resolve("junit.xml"));
    assertThat(junit.split("<testcase ", -1).length - 1).isEqualTo(cases.size());
    assertThat(r.out()).contains("runtime").contains("wasmtime");
  }

  @Test
  void aRuntimeWithoutComponentsIsUnsupportedNotFailed(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("out");
    TestRuns.Ran r = TestRuns.cli(cl -> {}, "certify", "--suite", "component-model", "--runtime", "chicory",
        "--out", out.toString());
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    List<CaseResult> cases = ResultsJson.read(out.resolve("results.json")).cases();
    assertThat(cases).isNotEmpty().allSatisfy(c -> {
      assertThat(c.outcome()).isEqualTo(Outcome.UNSUPPORTED);
      assertThat(c.message()).contains("which chicory does not declare");
    });
  }

  @Test
  void anExpectedFailureThatPassesIsReported(@TempDir Path tmp) throws Exception {
    // strings.wast:24 passes on Wasmtime; declaring it an expected failure must fail the run.
    Path exp = Files.createDirectories(tmp.resolve("exp"));
    Files.writeString(exp.resolve("wasmtime.txt"),
        "component-model/test/values/strings.wast:24  fail  execute  pretend it fails\n");
    Path out = tmp.resolve("out");
    TestRuns.Ran r = TestRuns.cli(cl -> {}, "certify", "--suite", "component-model", "--runtime", "wasmtime",
        "--expectations", exp.toString(), "--out", out.toString());
    assertThat(r.code()).isEqualTo(Main.FAILURES);
    assertThat(r.out()).contains("now passing: component-model/test/values/strings.wast:24");
    CaseResult c = ResultsJson.read(out.resolve("results.json")).cases().stream()
        .filter(x -> x.file().endsWith("values/strings.wast") && x.line() == 24).findFirst().orElseThrow();
    assertThat(c.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(c.message()).startsWith("expected to fail (pretend it fails) but passed");
  }

  /**
   * {@code trellis wast --runtime trellis} and {@code trellis certify} run the same runner: on
   * wasm-tools' component tests they agree case for case, nothing fails, the components whose
   * imports no host provides are validated only, assert_return.wast's action runs, and what
   * trellis does not declare is unsupported in both.
   */
  @Test
  void wastAndCertifyAgreeCaseForCaseOnWasmToolsTests(@TempDir Path tmp) throws Exception {
    Path suite = Suites.require(SpecSuite.WASM_TOOLS.root(Suites.root()));
    Path json = tmp.resolve("wast.json");
    TestRuns.Ran w = TestRuns.cli(cl -> {}, "wast", "--runtime", "trellis", "--json", json.toString(), suite.toString());
    assertThat(w.code()).as(w.out() + w.err()).isZero();
    String[] lines = w.out().strip().split("\n");
    assertThat(lines[lines.length - 1]).matches("\\d+ passed, 0 failed, 0 skipped, [1-9]\\d* unsupported, \\d+ expected failures");
    Path out = tmp.resolve("out");
    TestRuns.Ran c = TestRuns.cli(cl -> {}, "certify", "--suite", "wasm-tools", "--runtime", "trellis", "--no-progress",
        "--out", out.toString());
    assertThat(c.code()).as(c.out() + c.err()).isZero();
    List<CaseResult> certified = ResultsJson.read(out.resolve("results.json")).cases();
    List<CaseResult> ran = ResultsJson.read(json).cases();
    assertThat(ran).extracting(x -> x.file() + ":" + x.line() + " " + x.outcome().id())
        .containsExactlyElementsOf(certified.stream().map(x -> x.file() + ":" + x.line() + " " + x.outcome().id()).toList());
    assertThat(certified).noneMatch(x -> x.outcome() == Outcome.FAILED)
        .anyMatch(x -> x.outcome() == Outcome.UNSUPPORTED && x.feature().equals("async"))
        .anyMatch(x -> x.file().endsWith("component-model/values/start.wast") && x.outcome() == Outcome.PASSED)
        .anyMatch(x -> x.file().endsWith("component-model/assert_return.wast") && x.directive().equals("assert_return")
            && x.outcome() == Outcome.PASSED);
    JsonNode files = new ObjectMapper().readTree(json.toFile()).get("files");
    assertThat(files).allSatisfy(f -> assertThat(f.get("mode").asText()).isEqualTo("validate"));
  }

  @Test
  void unknownRuntimesAndSuitesAreUsageErrors(@TempDir Path tmp) {
    assertThat(TestRuns.cli(cl -> {}, "certify", "--runtime", "nope", "--out", tmp.toString()).code()).isEqualTo(Main.USAGE);
    assertThat(TestRuns.cli(cl -> {}, "certify", "--suite", "nope", "--runtime", "trellis", "--out", tmp.toString()).code())
        .isEqualTo(Main.USAGE);
  }

  @Test
  void eachRuntimeRunsInItsOwnJvmAndOneThatDiesLosesOnlyItsOwnResults(@TempDir Path tmp) throws Exception {
    // chicory's expectations file does not parse, so its child process stops with exit code 2
    // before writing results; trellis's child runs normally.
    Path exp = Files.createDirectories(tmp.resolve("exp"));
    Files.copy(Path.of(System.getProperty("trellis.root"), "spec-tests/expectations/trellis.txt"), exp.resolve("trellis.txt"));
    Files.writeString(exp.resolve("chicory.txt"), "this is not an expectation line\n");
    Path out = tmp.resolve("out");
    TestRuns.Ran r = TestRuns.cli(cl -> {}, "certify", "--suite", "wasm-tools", "--runtime", "trellis,chicory",
        "--expectations", exp.toString(), "--no-progress", "--out", out.toString());
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(Main.FAILURES);
    assertThat(r.out()).contains("note: chicory did not finish (its process died): its cases are missing");
    List<CaseResult> cases = ResultsJson.read(out.resolve("results.json")).cases();
    assertThat(cases).isNotEmpty().allSatisfy(c -> assertThat(c.runtime()).isEqualTo("trellis"));
    assertThat(cases).noneMatch(c -> c.outcome() == Outcome.FAILED);
  }
}

package dev.trellis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.harness.results.CaseResult;
import dev.trellis.harness.results.ConformanceMatrix;
import dev.trellis.harness.results.Outcome;
import dev.trellis.harness.results.ResultsJson;
import dev.trellis.harness.results.RunResults;
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

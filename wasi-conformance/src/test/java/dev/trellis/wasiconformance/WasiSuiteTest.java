package dev.trellis.wasiconformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.harness.Suites;
import dev.trellis.harness.results.CaseResult;
import dev.trellis.harness.results.Outcome;
import dev.trellis.harness.spi.Probe;
import dev.trellis.harness.spi.Runtime;
import dev.trellis.harness.spi.Runtimes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The WASI 0.2 suite on the reference engine and on Wasmtime, as JUnit dynamic tests: a
 * container per runtime, a test per case, under each runtime's expectations file
 * ({@code wasi-conformance/expectations/RUNTIME.txt}). An expected failure that passes fails,
 * and so does an entry that matches no case. Programs are built first by
 * {@code scripts/build-wasi-suite} (only what changed).
 */
class WasiSuiteTest {
  /** The runtimes the build certifies (jco is certified by `trellis certify --suite wasi`). */
  static final List<String> RUNTIMES = List.of("trellis", "wasmtime");

  static Path repo;
  static WasiSuite suite;

  @BeforeAll
  static void build() throws Exception {
    repo = Suites.repoRoot();
    WasiSuite.build(repo, repo.resolve("wasi-conformance/target/wasi-programs"));
    suite = WasiSuite.load(repo);
  }

  @Test
  void theSuiteHasAtLeastEightyTests() {
    assertThat(suite.cases()).hasSizeGreaterThanOrEqualTo(80);
    assertThat(suite.cases()).extracting(WasiCase::area).contains("cli", "io", "clocks", "random", "filesystem",
        "sockets", "http");
  }

  @TestFactory
  Stream<DynamicNode> suiteOnEachRuntime() {
    Runtimes all = Runtimes.discover();
    List<DynamicNode> out = new ArrayList<>();
    for (String id : RUNTIMES) {
      out.add(DynamicContainer.dynamicContainer(id, runtime(all, id)));
    }
    return out.stream();
  }

  private Stream<DynamicNode> runtime(Runtimes all, String id) {
    Probe probe = all.provider(id).orElseThrow().probe();
    if (!(probe instanceof Probe.Available)) {
      return Stream.of(DynamicTest.dynamicTest(id + " is missing", () -> Assumptions.abort(
          id + " is not available here: " + ((Probe.Missing) probe).reason())));
    }
    WasiExpectations expectations;
    try {
      expectations = WasiExpectations.load(WasiExpectations.fileFor(repo, id));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    Runtime[] rt = new Runtime[1];
    List<DynamicNode> tests = new ArrayList<>();
    for (WasiCase c : suite.cases()) {
      // named `runtime: case`, with the case's test file as its source, so reports and IDEs show
      // which case on which runtime (surefire names a test without a source by its index)
      tests.add(DynamicTest.dynamicTest(id + ": " + c.id(),
          c.specFile() == null ? null : c.specFile().toUri(), () -> {
        if (rt[0] == null) {
          rt[0] = all.open(id);
        }
        WasiRunner runner = new WasiRunner(rt[0], expectations, Duration.ofSeconds(60), suite::wasm);
        if (BLESS && id.equals(TRACER)) {
          runner.onHostCalls(WasiSuiteTest::declare);
        }
        CaseResult r = runner.run(c);
        switch (r.outcome()) {
          case PASSED, EXPECTED_FAILURE -> { }
          case SKIPPED, UNSUPPORTED -> Assumptions.abort(r.outcome().id() + ": " + r.message());
          case FAILED -> throw new AssertionError(id + " " + c.id() + ": " + r.message());
        }
      }));
    }
    tests.add(DynamicTest.dynamicTest("expectations are not stale", () -> {
      if (rt[0] != null) {
        rt[0].close();
      }
      assertThat(expectations.unused()).as("entries of " + expectations.source() + " that match no case")
          .isEmpty();
    }));
    return tests.stream().map(DynamicNode.class::cast);
  }

  static boolean failed(CaseResult r) {
    return r.outcome() == Outcome.FAILED;
  }

  static final boolean BLESS = Boolean.getBoolean("bless");

  /** The runtime whose record of host calls {@code -Dbless=true} writes into the specs. */
  static final String TRACER = "trellis";

  /**
   * {@code -Dbless=true}: a spec's {@code wasi_functions} become the WASI functions the
   * reference engine's run of it called that the program itself imports (the preview1 adapter's
   * own calls are not the test's), plus the exports the host called.
   */
  static void declare(WasiCase c, List<String> calls) {
    try {
      java.util.Set<String> callable = ProgramImports.callable(c, suite.wasm(c).bytes());
      java.util.Set<String> declared = new java.util.TreeSet<>();
      for (String f : callable) {
        if (calls.contains(f) || f.equals("wasi:cli/run#run") || f.equals("wasi:http/incoming-handler#handle")) {
          declared.add(f);
        }
      }
      SpecFiles.setFunctions(c.specFile(), declared);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}

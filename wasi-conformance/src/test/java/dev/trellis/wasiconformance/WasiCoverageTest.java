package dev.trellis.wasiconformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.harness.Suites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The coverage table: every function of every WASI 0.2 interface (the 0.2.12 WIT beside the
 * repository, read now, unstable features included) is called by at least one test, or the
 * build fails. Each test's {@code wasi_functions} must name real WASI functions that its
 * program can call (its code imports them); the reference engine's run checks that they were
 * called. The table is kept in {@code wasi-conformance/COVERAGE.md}, regenerated with
 * {@code -Dbless=true}.
 */
class WasiCoverageTest {
  static Path repo;
  static WasiSuite suite;
  static WasiCoverage coverage;
  static List<String> unknown;

  @BeforeAll
  static void load() throws Exception {
    repo = Suites.repoRoot();
    WasiSuite.build(repo, repo.resolve("wasi-conformance/target/wasi-programs"));
    suite = WasiSuite.load(repo);
    coverage = WasiCoverage.of(Suites.require(Suites.wasiWit("0.2.12")));
    unknown = coverage.declareAll(suite.cases());
  }

  @Test
  void theWitHasTheFunctionsOfEveryInterface() {
    assertThat(coverage.functions()).hasSizeGreaterThan(150);
    assertThat(coverage.functions()).extracting(WasiCoverage.Function::id).contains(
        "wasi:io/streams#[method]output-stream.blocking-splice", "wasi:cli/exit#exit-with-code",
        "wasi:clocks/timezone#display", "wasi:http/types#[static]response-outparam.set",
        "wasi:sockets/udp#[method]outgoing-datagram-stream.send", "wasi:cli/run#run");
  }

  @Test
  void everyDeclarationNamesAWasiFunction() {
    assertThat(unknown).isEmpty();
  }

  @Test
  void everyWasiFunctionIsCalledBySomeTest() {
    assertThat(coverage.uncovered()).extracting(WasiCoverage.Function::id).isEmpty();
  }

  @Test
  void declaredFunctionsAreImportedByTheTestsProgram() throws Exception {
    List<String> wrong = new ArrayList<>();
    for (WasiCase c : suite.cases()) {
      Set<String> callable = callable(c);
      for (String f : c.spec().wasiFunctions()) {
        if (!callable.contains(f)) {
          wrong.add(c.id() + " declares " + f + ", which " + c.program().path().getFileName() + " does not import");
        }
      }
    }
    assertThat(wrong).isEmpty();
  }

  static Set<String> callable(WasiCase c) throws Exception {
    return ProgramImports.callable(c, suite.wasm(c).bytes());
  }

  @Test
  void theCheckedInTableIsCurrent() throws Exception {
    Path table = repo.resolve("wasi-conformance/COVERAGE.md");
    String now = coverage.markdown();
    if (Boolean.getBoolean("bless")) {
      Files.writeString(table, now);
    }
    assertThat(table).as("regenerate with -Dbless=true").exists();
    assertThat(Files.readString(table)).as("wasi-conformance/COVERAGE.md is stale: regenerate with -Dbless=true")
        .isEqualTo(now);
  }
}

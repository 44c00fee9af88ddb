package dev.trellis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.harness.results.ResultsJson;
import dev.trellis.harness.results.RunResults;
import dev.trellis.reports.History;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class NightlyCommandTest {
  /** A stand-in step writing a synthetic results document (tests the composition, not a runtime). */
  record FakeStep(String name, RunResults writes, int exit) implements NightlyCommand.Step {
    @Override
    public Optional<String> unavailable() {
      return Optional.empty();
    }

    @Override
    public int run(Path dir, NightlyCommand.Context ctx) throws IOException {
      if (writes != null) {
        ResultsJson.write(writes, dir.resolve("results.json"));
      }
      return exit;
    }
  }

  static java.util.function.Consumer<CommandLine> steps(NightlyCommand.Step... steps) {
    return cl -> ((NightlyCommand) cl.getSubcommands().get("nightly").getCommand()).steps = List.of(steps);
  }

  @Test
  void composesItsStepsIntoOneReportAndHistoryEntry(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("out");
    TestRuns.Ran first = TestRuns.cli(steps(new FakeStep("certify", TestRuns.casesOf(TestRuns.run("c1", 1, 1.0, false)), 1),
            new FakeStep("bench", TestRuns.measurementsOf(TestRuns.run("b1", 1, 1.0, false)), 0)),
        "nightly", "--out", out.toString(), "--runtime", "alpha,beta", "--fail-on-regression");
    assertThat(first.code()).as(first.out() + first.err()).isZero();
    assertThat(first.out()).contains("[1/3] certify: running").contains("[2/3] bench: running")
        .contains("it found failures").contains("[3/3] report").contains("history: appended");
    History.Contents h = new History(out.resolve("history.jsonl")).read();
    assertThat(h.runs()).hasSize(1);
    RunResults recorded = h.runs().getFirst();
    assertThat(recorded.run().id()).isNotIn("c1", "b1").matches("\\d{8}-\\d{6}-.*");
    assertThat(recorded.run().finished()).isNotNull();
    assertThat(out.resolve(recorded.run().id() + "/certify/results.json")).exists();
    assertThat(out.resolve(recorded.run().id() + "/index.html")).exists();

    Thread.sleep(1100); // run ids have one-second resolution
    TestRuns.Ran second = TestRuns.cli(steps(new FakeStep("certify", TestRuns.casesOf(TestRuns.run("c2", 2, 1.0, true)), 1),
            new FakeStep("bench", TestRuns.measurementsOf(TestRuns.run("b2", 2, 1.2, false)), 0)),
        "nightly", "--out", out.toString(), "--runtime", "alpha", "--fail-on-regression");
    assertThat(second.code()).as(second.out()).isEqualTo(Main.FAILURES);
    assertThat(second.out()).contains("compared with " + recorded.run().id())
        .contains("2 metric regression(s), 1 conformance regression(s)").contains("REGRESSED alpha nop call time[us]");
    assertThat(new History(out.resolve("history.jsonl")).read().runs()).hasSize(2);
  }

  @Test
  void aStepThatCrashesFailsTheNightlyButTheReportIsStillWritten(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("out");
    TestRuns.Ran r = TestRuns.cli(steps(new FakeStep("certify", null, 3),
            new FakeStep("bench", TestRuns.run("b", 1, 1.0, false), 0)),
        "nightly", "--out", out.toString(), "--runtime", "alpha");
    assertThat(r.code()).isEqualTo(Main.FAILURES);
    assertThat(r.out()).contains("certify failed (exit 3, 0 results file(s))").contains("report: ");
    Path latest = out.resolve("latest").toRealPath();
    assertThat(Files.readString(latest.resolve("index.html"))).contains("certify failed (exit 3");
  }

  @Test
  void aStepLeftOutIsSaidSo(@TempDir Path tmp) throws Exception {
    TestRuns.Ran r = TestRuns.cli(steps(new FakeStep("certify", TestRuns.run("c", 1, 1.0, false), 0),
            new FakeStep("bench", TestRuns.run("b", 1, 1.0, false), 0)),
        "nightly", "--out", tmp.toString(), "--runtime", "alpha", "--skip", "bench");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("bench: skipped (--skip)");
    TestRuns.Ran bad = TestRuns.cli("nightly", "--out", tmp.toString(), "--skip", "lunch");
    assertThat(bad.code()).isEqualTo(Main.USAGE);
    assertThat(bad.err()).contains("unknown step 'lunch'");
  }

  @Test
  void theRealStepsAreTheCertifyAndBenchSubcommandsOnceTheyAreInTheBuild() {
    NightlyCommand n = new NightlyCommand();
    assertThat(n.steps).extracting(NightlyCommand.Step::name).containsExactly("certify", "bench");
    var registered = Main.commandLine().getSubcommands().keySet();
    for (NightlyCommand.Step s : n.steps) {
      assertThat(s.unavailable().isPresent()).as(s.name()).isEqualTo(!registered.contains(s.name()));
      s.unavailable().ifPresent(why -> assertThat(why).contains("'trellis " + s.name() + "' is not in this build yet"));
    }
  }
}

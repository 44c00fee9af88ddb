package dev.trellis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.harness.results.CaseResult;
import dev.trellis.harness.results.Outcome;
import dev.trellis.harness.results.RunResults;
import dev.trellis.reports.History;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills (SIGKILL) nightly runs at different moments — during a step, while reporting, and
 * while the history's temporary file exists — and checks that the history stays readable
 * with the earlier runs intact, and that the next nightly completes normally.
 */
class NightlyKillTest {
  @Test
  void killingNightlyMidWayLeavesTheHistoryReadableAndEarlierRunsIntact(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("out");
    History history = new History(out.resolve("history.jsonl"));
    List<RunResults> earlier = List.of(big("earlier-1", 1), big("earlier-2", 2));
    for (RunResults r : earlier) {
      history.append(r);
    }
    byte[] before = Files.readAllBytes(history.file());
    List<RunResults> earlierAsRecorded = history.read().runs();
    assertThat(earlierAsRecorded).extracting(r -> r.run().id()).containsExactly("earlier-1", "earlier-2");

    long[] killAfterMillis = {500, 1500, -1};  // -1: when the history's temporary file appears
    boolean sawTemporary = false;
    for (long delay : killAfterMillis) {
      Process p = start(out);
      if (delay < 0) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (p.isAlive() && System.nanoTime() < deadline && !(sawTemporary = hasTemporary(out))) {
          Thread.onSpinWait();
        }
      } else {
        p.waitFor(delay, TimeUnit.MILLISECONDS);
      }
      p.destroyForcibly();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();

      History.Contents got = history.read();
      assertThat(got.warnings()).as("after a kill at %d ms", delay).isEmpty();
      assertThat(got.runs().subList(0, 2)).isEqualTo(earlierAsRecorded);
      assertThat(Files.readAllBytes(history.file())).startsWith(before);
      Thread.sleep(1000); // run ids have one-second resolution
    }
    assertThat(sawTemporary).as("one kill landed while the history was being appended").isTrue();

    // a nightly left alone afterwards completes and appends
    int runsBefore = history.read().runs().size();
    Process p = start(out);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    assertThat(history.read().runs()).hasSize(runsBefore + 1);
    assertThat(history.read().warnings()).isEmpty();
    assertThat(hasTemporary(out)).isFalse();
  }

  private static Process start(Path out) throws Exception {
    // the history append pauses 1 s with its temporary file written, so a kill can land there
    return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dtrellis.history.pauseBeforeRenameMillis=1000", "-cp", System.getProperty("java.class.path"), NightlyProcess.class.getName(), out.toString())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
  }

  /** An earlier run with many failing cases (kept in full), so the history is big enough that appending takes a while. */
  private static RunResults big(String id, int day) {
    RunResults r = TestRuns.run(id, day, 1.0, false);
    List<CaseResult> cases = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      cases.add(new CaseResult("alpha", "component-model", "f" + (i / 100) + ".wast", i % 100 + 1, "assert_return",
          Outcome.FAILED, "synthetic failure number " + i, "area-" + (i % 9)));
    }
    return new RunResults(r.run(), cases, r.measurements());
  }

  private static boolean hasTemporary(Path dir) throws Exception {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.anyMatch(p -> p.getFileName().toString().startsWith(".history.jsonl.") && p.toString().endsWith(".tmp"));
    }
  }
}

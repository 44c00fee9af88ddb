package dev.trellis.reports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.harness.results.RunResults;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryTest {
  @Test
  void appendsInOrderAndFindsRunsByIdLabelOrPrevious(@TempDir Path dir) throws Exception {
    History h = new History(dir.resolve("history.jsonl"));
    assertThat(h.read().runs()).isEmpty();
    RunResults a = Fixtures.fullRun("run-a", 0, 1, 1.0);
    RunResults b = Fixtures.fullRun("run-b", 1, 2, 1.0).withRun(Fixtures.run("run-b", 1).withLabel("release"));
    RunResults c = Fixtures.fullRun("run-c", 2, 3, 1.0);
    assertThat(h.append(a)).isTrue();
    assertThat(h.append(b)).isTrue();
    assertThat(h.append(c)).isTrue();
    assertThat(h.append(b)).as("a run id is recorded once").isFalse();
    History.Contents got = h.read();
    assertThat(got.warnings()).isEmpty();
    assertThat(got.runs()).containsExactly(HistoryCodec.roundTrip(a), HistoryCodec.roundTrip(b), HistoryCodec.roundTrip(c));
    assertThat(got.find("release").orElseThrow().run().id()).isEqualTo("run-b");
    assertThat(got.find("run-a").orElseThrow().run().id()).isEqualTo("run-a");
    assertThat(got.find("nope")).isEmpty();
    assertThat(got.previous("run-c").orElseThrow().run().id()).isEqualTo("run-b");
    assertThat(Files.readAllLines(h.file())).hasSize(3);
  }

  @Test
  void aTornLastLineIsIgnoredWithAWarningAndTheNextAppendStillWorks(@TempDir Path dir) throws Exception {
    History h = new History(dir.resolve("history.jsonl"));
    RunResults a = Fixtures.fullRun("run-a", 0, 1, 1.0);
    h.append(a);
    String line = Files.readString(h.file());
    // what a writer killed half-way through a plain append would leave
    Files.writeString(h.file(), line.substring(0, line.length() / 2), StandardOpenOption.APPEND);
    History.Contents got = h.read();
    assertThat(got.runs()).containsExactly(HistoryCodec.roundTrip(a));
    assertThat(got.warnings()).singleElement().asString().contains("torn last line");
    RunResults b = Fixtures.fullRun("run-b", 1, 2, 1.0);
    assertThat(h.append(b)).isTrue();
    got = h.read();
    assertThat(got.runs()).containsExactly(HistoryCodec.roundTrip(a), HistoryCodec.roundTrip(b));
    assertThat(got.warnings()).singleElement().asString().contains("skipped unreadable line 2");
  }

  @Test
  void concurrentAppendersLoseNothing(@TempDir Path dir) throws Exception {
    History h = new History(dir.resolve("history.jsonl"));
    List<Thread> ts = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      int base = t * 10;
      ts.add(Thread.ofPlatform().start(() -> {
        for (int i = base; i < base + 4; i++) {
          try {
            h.append(HistoryAppender.big(i, 50));
          } catch (Exception e) {
            throw new RuntimeException(e);
          }
        }
      }));
    }
    for (Thread t : ts) {
      t.join();
    }
    assertThat(h.read().runs()).hasSize(12);
  }

  @Test
  void anInterruptedWriterLeavesTheHistoryWhole(@TempDir Path dir) throws Exception {
    History h = new History(dir.resolve("history.jsonl"));
    RunResults first = HistoryAppender.big(0, 100);
    h.append(first);
    for (int attempt = 0; attempt < 3; attempt++) {
      RunResults big = HistoryAppender.big(100 + attempt, 30_000, 1);
      Thread w = Thread.ofPlatform().start(() -> {
        try {
          h.append(big);
        } catch (Exception e) {
          // ClosedByInterruptException: the append is abandoned, which is the point
        }
      });
      Thread.sleep(5L * attempt);
      w.interrupt();
      w.join();
      History.Contents got = h.read();
      assertThat(got.warnings()).isEmpty();
      assertThat(got.runs().getFirst()).isEqualTo(HistoryCodec.roundTrip(first));
      assertThat(got.runs()).allSatisfy(r -> assertThat(r.run().id()).isIn("run-0", "run-100", "run-101", "run-102", "run-103", "run-104"));
    }
  }

  /**
   * Kills (SIGKILL) an appending process the moment its temporary file appears, i.e. in the
   * middle of an append, several times: the history stays readable, the earlier runs are
   * intact and every append the process reported finished is there.
   */
  @Test
  void killingAnAppendingProcessMidWayLeavesEarlierRunsIntact(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("history.jsonl");
    History h = new History(file);
    List<RunResults> before = List.of(HistoryAppender.big(0, 200), HistoryAppender.big(1, 200));
    for (RunResults r : before) {
      h.append(r);
    }
    byte[] beforeBytes = Files.readAllBytes(file);
    List<String> acknowledged = new ArrayList<>();
    int killedMidWrite = 0;
    for (int round = 0; round < 3; round++) {
      // every append pauses 1 s between writing its temporary file and renaming it
      Process p = new ProcessBuilder(javaBin(), "-Dtrellis.history.pauseBeforeRenameMillis=1000",
          "-cp", System.getProperty("java.class.path"),
          HistoryAppender.class.getName(), file.toString(), Integer.toString(10 + round * 100), "50", "2000", "1")
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      // let it finish at least one append, then kill it as soon as the next one is mid-write
      String line = out.readLine();
      assertThat(line).as("the appender started and appended").startsWith("appended ");
      acknowledged.add(line.substring("appended ".length()));
      List<String> later = java.util.Collections.synchronizedList(new ArrayList<>());
      Thread reader = Thread.ofPlatform().start(() -> {
        try {
          for (String l; (l = out.readLine()) != null; ) {
            later.add(l.substring("appended ".length()));
          }
        } catch (java.io.IOException closedByTheKill) {
          // the kill closes the pipe
        }
      });
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      boolean sawTemp = false;
      while (System.nanoTime() < deadline && p.isAlive() && !(sawTemp = hasTemporary(dir))) {
        Thread.onSpinWait();
      }
      p.destroyForcibly();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      reader.join();
      killedMidWrite += sawTemp ? 1 : 0;
      acknowledged.addAll(later);
      History.Contents got = h.read();
      assertThat(got.warnings()).as("round %d", round).isEmpty();
      assertThat(got.runs().subList(0, 2)).isEqualTo(before.stream().map(HistoryCodec::roundTrip).toList());
      assertThat(Files.readAllBytes(file)).startsWith(beforeBytes);
      List<String> ids = got.runs().stream().map(r -> r.run().id()).toList();
      assertThat(ids).containsAll(acknowledged).doesNotHaveDuplicates();
      for (RunResults r : got.runs().subList(2, got.runs().size())) {
        int i = Integer.parseInt(r.run().id().substring("run-".length()));
        assertThat(r).isEqualTo(HistoryCodec.roundTrip(HistoryAppender.big(i, 2000, 1)));
      }
    }
    assertThat(killedMidWrite).as("kills that landed while a temporary file existed").isEqualTo(3);
    // the next append clears the killed writers' temporaries
    h.append(HistoryAppender.big(999, 10));
    assertThat(hasTemporary(dir)).isFalse();
    assertThat(h.read().runs().getLast().run().id()).isEqualTo("run-999");
  }

  @Test
  void aLineKeepsWhatDidNotPassInFullAndPassesAsLineRanges() {
    RunResults big = HistoryAppender.big(3, 20_000);
    String line = HistoryCodec.encode(big);
    String full = dev.trellis.harness.results.ResultsJson.toLine(big);
    assertThat(line.length()).as("compact line vs full document").isLessThan(full.length() / 4);
    RunResults back = HistoryCodec.decode(line, "x");
    assertThat(back.measurements()).isEqualTo(big.measurements());
    assertThat(back.run()).isEqualTo(big.run());
    assertThat(back.cases()).hasSameSizeAs(big.cases());
    // failures keep everything; passes keep their identity and outcome
    assertThat(back.cases()).filteredOn(c -> c.outcome() != dev.trellis.harness.results.Outcome.PASSED)
        .containsExactlyInAnyOrderElementsOf(big.cases().stream().filter(c -> c.outcome() != dev.trellis.harness.results.Outcome.PASSED).toList());
    assertThat(back.cases().stream().map(dev.trellis.harness.results.CaseResult::key).sorted().toList())
        .isEqualTo(big.cases().stream().map(dev.trellis.harness.results.CaseResult::key).sorted().toList());
    // and comparing outcomes against a run read back from the history finds the same changes
    RunResults now = HistoryAppender.big(4, 20_000);
    assertThat(Regressions.compare(now, back, Regressions.Settings.DEFAULT).cases())
        .isEqualTo(Regressions.compare(now, big, Regressions.Settings.DEFAULT).cases());
    assertThat(HistoryCodec.ranges(List.of(9, 1, 2, 3, 7, 10, 3))).isEqualTo("1-3,7,9-10");
    assertThat(HistoryCodec.lines("1-3,7,9-10")).containsExactly(1, 2, 3, 7, 9, 10);
    // a full results document is accepted as a line too
    assertThat(HistoryCodec.decode(full, "x")).isEqualTo(big);
  }

  private static boolean hasTemporary(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.anyMatch(p -> p.getFileName().toString().endsWith(".tmp"));
    }
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}

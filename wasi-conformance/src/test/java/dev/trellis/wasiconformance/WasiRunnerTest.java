package dev.trellis.wasiconformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.harness.results.CaseResult;
import dev.trellis.harness.results.Outcome;
import dev.trellis.harness.spi.Feature;
import dev.trellis.harness.spi.Instance;
import dev.trellis.harness.spi.Loaded;
import dev.trellis.harness.spi.Runtime;
import dev.trellis.harness.spi.RuntimeFailure;
import dev.trellis.harness.spi.WasiCommand;
import dev.trellis.harness.spi.WasiResult;
import dev.trellis.harness.spi.Wasm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner on runtimes that misbehave on purpose (a stand-in implementing the SPI, not a real
 * runtime): one that hangs, one that crashes, one that prints garbage. Each fails its case with
 * what it printed, and the next case still runs. Also: how a spec is read, how expectations and
 * operations are judged.
 */
class WasiRunnerTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A runtime whose runCommand is {@code body}. */
  private static Runtime fake(String id, BiFunction<Wasm, WasiCommand, WasiResult> body) {
    return new Runtime() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public String version() {
        return "0";
      }

      @Override
      public String detail() {
        return "stand-in";
      }

      @Override
      public Set<Feature> features() {
        return EnumSet.of(Feature.COMPONENT, Feature.WASI_COMMAND);
      }

      @Override
      public Loaded load(Wasm wasm) {
        throw RuntimeFailure.unsupported("stand-in");
      }

      @Override
      public Instance instantiate(Loaded loaded) {
        throw RuntimeFailure.unsupported("stand-in");
      }

      @Override
      public WasiResult runCommand(Wasm command, WasiCommand how) {
        return body.apply(command, how);
      }

      @Override
      public void close() {}
    };
  }

  private static WasiCase spec(Path dir, String id, String json) throws Exception {
    Path f = dir.resolve(id + ".json");
    Files.createDirectories(f.getParent());
    Files.writeString(f, json);
    return new WasiCase("wasi", id, "cli", f, WasiSpec.read(f), new WasiCase.Program.Component(dir.resolve("x.wasm")));
  }

  private static WasiRunner runner(Runtime rt, WasiExpectations e, Duration timeout) {
    return new WasiRunner(rt, e, timeout, c -> Wasm.of("x", new byte[] {0, 'a', 's', 'm', 0x0d, 0, 1, 0}));
  }

  private static WasiResult ok(String out) {
    return new WasiResult(0, out.getBytes(StandardCharsets.UTF_8), new byte[0], null);
  }

  @Test
  void passesWhatMatchesTheSpec(@TempDir Path dir) throws Exception {
    WasiCase c = spec(dir, "cli/hello", """
        {"program": "c/x", "args": ["a"], "env": {"K": "v"}, "stdout": "hi\\n", "exit_code": 0}""");
    Runtime rt = fake("echo", (w, how) -> {
      assertThat(how.args()).containsExactly("a");
      assertThat(how.env()).containsEntry("K", "v").hasSize(1);
      assertThat(how.network()).isEmpty();
      assertThat(how.http()).isEmpty();
      return ok("hi\n");
    });
    CaseResult r = runner(rt, WasiExpectations.none(), Duration.ofSeconds(5)).run(c);
    assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.PASSED);
    assertThat(r.suite()).isEqualTo("wasi");
    assertThat(r.file()).isEqualTo("cli/hello");
    assertThat(r.directive()).isEqualTo("wasi-command");
    assertThat(r.feature()).isEqualTo("cli");
  }

  @Test
  void aHungRuntimeFailsItsCaseAndTheNextCaseRuns(@TempDir Path dir) throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    Runtime rt = fake("hangs", (w, how) -> {
      if (how.args().contains("hang")) {
        try {
          never.await(); // ignores the deadline it was given
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return ok("fine\n");
    });
    WasiRunner runner = runner(rt, WasiExpectations.none(), Duration.ofMillis(200));
    long t0 = System.nanoTime();
    CaseResult hung = runner.run(spec(dir, "cli/hang", "{\"args\": [\"hang\"], \"stdout\": \"fine\\n\"}"));
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
    assertThat(hung.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(hung.message()).startsWith("hung: hangs did not finish within");
    CaseResult next = runner.run(spec(dir, "cli/next", "{\"stdout\": \"fine\\n\"}"));
    assertThat(next.outcome()).as(next.message()).isEqualTo(Outcome.PASSED);
  }

  @Test
  void aCrashIsAFailureWithTheRuntimesOutput(@TempDir Path dir) throws Exception {
    Runtime dies = fake("dies", (w, how) -> {
      throw new RuntimeFailure(RuntimeFailure.Kind.CRASHED, "process exited with signal 11", "fatal: segfault at 0x0\n", null);
    });
    CaseResult r = runner(dies, WasiExpectations.none(), Duration.ofSeconds(5)).run(spec(dir, "cli/a", "{}"));
    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.message()).contains("crashed: process exited with signal 11").contains("fatal: segfault at 0x0");

    Runtime throwsAnything = fake("npe", (w, how) -> {
      throw new NullPointerException("adapter bug");
    });
    r = runner(throwsAnything, WasiExpectations.none(), Duration.ofSeconds(5)).run(spec(dir, "cli/b", "{}"));
    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.message()).contains("crashed").contains("adapter bug");
  }

  @Test
  void garbageOutputFailsWithTheOutputShownEscaped(@TempDir Path dir) throws Exception {
    Runtime garbage = fake("garbage", (w, how) -> new WasiResult(0, new byte[] {'o', 'k', (byte) 0xff, 0, '\n'},
        "noise".getBytes(StandardCharsets.UTF_8), null));
    CaseResult r = runner(garbage, WasiExpectations.none(), Duration.ofSeconds(5))
        .run(spec(dir, "cli/g", "{\"stdout\": \"ok\\n\", \"stderr\": \"\"}"));
    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.message()).contains("stdout differs: line 1: expected \"ok\", got \"ok\\xff\\x00\"")
        .contains("stderr differs").contains("--- stdout ---").contains("--- stderr ---\nnoise");
  }

  @Test
  void exitCodesTrapsAndOrderedReads(@TempDir Path dir) throws Exception {
    Runtime rt = fake("rt", (w, how) -> switch (how.args().getFirst()) {
      case "trap" -> new WasiResult(134, "before\n".getBytes(StandardCharsets.UTF_8), new byte[0], "unreachable");
      case "seven" -> new WasiResult(7, new byte[0], new byte[0], null);
      default -> new WasiResult(0, ("stdin was " + new String(how.stdin(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8),
          "E".getBytes(StandardCharsets.UTF_8), null);
    });
    WasiRunner runner = runner(rt, WasiExpectations.none(), Duration.ofSeconds(5));
    assertThat(runner.run(spec(dir, "cli/t1", "{\"args\": [\"trap\"], \"trap\": true, \"stdout\": \"before\\n\"}")).outcome())
        .isEqualTo(Outcome.PASSED);
    CaseResult unexpectedTrap = runner.run(spec(dir, "cli/t2", "{\"args\": [\"trap\"]}"));
    assertThat(unexpectedTrap.message()).contains("trapped: unreachable");
    assertThat(runner.run(spec(dir, "cli/t3", "{\"args\": [\"seven\"], \"exit_code\": 7}")).outcome()).isEqualTo(Outcome.PASSED);
    assertThat(runner.run(spec(dir, "cli/t4", "{\"args\": [\"seven\"]}")).message()).startsWith("exit code 7, expected 0");
    String ops = """
        {"args": ["cat"], "operations": [{"type": "run"}, {"type": "write", "id": "stdin", "payload": "in"},
          {"type": "read", "id": "stdout", "payload": "stdin "}, {"type": "read", "id": "stdout", "payload": "was in"},
          {"type": "read", "id": "stderr", "payload": "E"}, {"type": "wait", "exit_code": 0}]}""";
    CaseResult r = runner.run(spec(dir, "cli/t5", ops));
    assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.PASSED);
    CaseResult wrongOrder = runner.run(spec(dir, "cli/t6", ops.replace("\"stdin \"", "\"was \"")));
    assertThat(wrongOrder.message()).contains("read stdout: expected \"was \" at byte 0");
  }

  @Test
  void expectationsTurnFailuresIntoExpectedOnesAndCatchStaleEntries(@TempDir Path dir) throws Exception {
    WasiExpectations e = WasiExpectations.parse("""
        # comment
        cli/bad   fail  the stand-in prints the wrong thing
        cli/good  fail  stale: this one passes
        cli/skip  skip  not for this runtime
        sockets/  fail  no network here
        cli/unused fail nothing has this id
        """, "test.txt");
    WasiRunner runner = runner(fake("rt", (w, how) -> ok("x\n")), e, Duration.ofSeconds(5));
    assertThat(runner.run(spec(dir, "cli/bad", "{\"stdout\": \"y\\n\"}")).outcome()).isEqualTo(Outcome.EXPECTED_FAILURE);
    CaseResult stale = runner.run(spec(dir, "cli/good", "{\"stdout\": \"x\\n\"}"));
    assertThat(stale.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(stale.message()).startsWith("expected to fail but passed");
    CaseResult skipped = runner.run(spec(dir, "cli/skip", "{}"));
    assertThat(skipped.outcome()).isEqualTo(Outcome.SKIPPED);
    assertThat(skipped.message()).isEqualTo("not for this runtime");
    assertThat(runner.run(spec(dir, "sockets/tcp", "{\"stdout\": \"y\\n\"}")).outcome()).isEqualTo(Outcome.EXPECTED_FAILURE);
    assertThat(e.unused()).extracting(WasiExpectations.Entry::key).containsExactly("cli/unused");
    assertThatThrownBy(() -> WasiExpectations.parse("a maybe reason", "x.txt")).hasMessageContaining("x.txt:1");
  }

  @Test
  void unsupportedIsReportedApartFromFailed(@TempDir Path dir) throws Exception {
    Runtime noWasi = new Runtime() {
      @Override
      public String id() {
        return "core-only";
      }

      @Override
      public String version() {
        return "0";
      }

      @Override
      public String detail() {
        return "";
      }

      @Override
      public Set<Feature> features() {
        return EnumSet.of(Feature.CORE_MODULE);
      }

      @Override
      public Loaded load(Wasm wasm) {
        throw RuntimeFailure.unsupported("x");
      }

      @Override
      public Instance instantiate(Loaded loaded) {
        throw RuntimeFailure.unsupported("x");
      }

      @Override
      public void close() {}
    };
    CaseResult r = runner(noWasi, WasiExpectations.none(), Duration.ofSeconds(5)).run(spec(dir, "cli/u", "{}"));
    assertThat(r.outcome()).isEqualTo(Outcome.UNSUPPORTED);
    assertThat(r.message()).contains("component").contains("wasi-command");
    Runtime refuses = fake("ro", (w, how) -> {
      throw RuntimeFailure.unsupported("no read-only preopens");
    });
    assertThat(runner(refuses, WasiExpectations.none(), Duration.ofSeconds(5)).run(spec(dir, "cli/v", "{}")).outcome())
        .isEqualTo(Outcome.UNSUPPORTED);
  }

  @Test
  void grantsFollowTheProposals(@TempDir Path dir) throws Exception {
    List<WasiCommand> seen = new java.util.ArrayList<>();
    WasiRunner runner = runner(fake("rt", (w, how) -> {
      seen.add(how);
      return ok("");
    }), WasiExpectations.none(), Duration.ofSeconds(5));
    runner.run(spec(dir, "sockets/a", "{\"proposals\": [\"sockets\"]}"));
    runner.run(spec(dir, "sockets/b", "{\"network\": [\"127.0.0.1:${port}\"]}"));
    runner.run(spec(dir, "http/c", "{\"proposals\": [\"http\"], \"endpoints\": [{\"method\": \"GET\", \"path\": \"/hello\"}],"
        + " \"env\": {\"S\": \"${http_server}\"}}"));
    assertThat(seen.get(0).network()).containsExactly("127.0.0.0/8", "[::1]");
    assertThat(seen.get(0).ipNameLookup()).isTrue();
    assertThat(seen.get(1).network()).singleElement().asString().matches("127\\.0\\.0\\.1:\\d+");
    assertThat(seen.get(1).ipNameLookup()).isFalse();
    assertThat(seen.get(2).http()).containsExactly(seen.get(2).env().get("S"));
    assertThat(seen.get(2).env().get("S")).matches("127\\.0\\.0\\.1:\\d+");
  }

  @Test
  void specsAreReadStrictly(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("x.json");
    Files.writeString(f, "{\"stdot\": \"typo\"}");
    assertThatThrownBy(() -> WasiSpec.read(f)).isInstanceOf(WasiSpec.SpecException.class).hasMessageContaining("stdot");
    Files.writeString(f, "{\"operations\": [{\"type\": \"teleport\"}]}");
    assertThatThrownBy(() -> WasiSpec.read(f)).hasMessageContaining("teleport");
    Files.writeString(f, "not json");
    assertThatThrownBy(() -> WasiSpec.read(f)).hasMessageContaining("not JSON");
    Files.writeString(f, JSON.writeValueAsString(java.util.Map.of("dirs", List.of(java.util.Map.of("dir", "d", "guest", "/g",
        "readonly", true)))));
    assertThat(WasiSpec.read(f).dirs()).containsExactly(new WasiSpec.Dir("d", "/g", true));
    assertThat(WasiSpec.defaults().expectedExitCode()).isZero();
  }
}

package dev.trellis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.harness.results.ResultsJson;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {
  @Test
  void reportsComparesWithThePreviousRunAndFailsOnRegressionWhenAsked(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("out");
    ResultsJson.write(TestRuns.run("day-1", 1, 1.0, false), tmp.resolve("in1/certify/results.json"));
    boolean browser = !"1".equals(System.getenv("TRELLIS_SKIP_BROWSER"));
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("report", "--in", tmp.resolve("in1").toString(),
        "--out", out.toString(), "--label", "golden", "--fail-on-regression"));
    if (browser) {
      args.add("--screenshot");
    }
    TestRuns.Ran first = TestRuns.cli(args.toArray(String[]::new));
    assertThat(first.code()).as(first.out() + first.err()).isZero();
    if (browser) {
      assertThat(first.out()).containsPattern("screenshot: .*screenshot.png \\((\\d+) of \\1 charts decoded");
      assertThat(out.resolve("day-1/screenshot.png")).isNotEmptyFile();
    }
    assertThat(first.out()).contains("baseline: none").contains("history: appended");
    assertThat(out.resolve("day-1/index.html")).exists();
    assertThat(out.resolve("latest").toRealPath()).isEqualTo(out.resolve("day-1").toRealPath());

    // the next day: 20% slower and one case broken
    ResultsJson.write(TestRuns.run("day-2", 2, 1.2, true), tmp.resolve("in2.json"));
    TestRuns.Ran second = TestRuns.cli("report", "--in", tmp.resolve("in2.json").toString(), "--out", out.toString(),
        "--fail-on-regression");
    assertThat(second.code()).isEqualTo(Main.FAILURES);
    assertThat(second.out()).contains("compared with day-1: 2 metric regression(s), 1 conformance regression(s)")
        .contains("REGRESSED alpha nop call time[us]")
        .contains("REGRESSED alpha component-model strings.wast:4 assert_return: passed -> failed");
    assertThat(Files.readString(out.resolve("day-2/summary.md"))).contains("❌");

    // noise only, against the named baseline: nothing flagged
    ResultsJson.write(TestRuns.run("day-3", 3, 1.01, false), tmp.resolve("in3.json"));
    TestRuns.Ran third = TestRuns.cli("report", "--in", tmp.resolve("in3.json").toString(), "--out", out.toString(),
        "--baseline", "golden", "--fail-on-regression");
    assertThat(third.code()).as(third.out() + third.err()).isZero();
    assertThat(third.out()).contains("compared with day-1: 0 metric regression(s), 0 conformance regression(s)");
    assertThat(Files.readAllLines(out.resolve("history.jsonl"))).hasSize(3);

    // without --fail-on-regression a regression is reported, exit 0
    TestRuns.Ran again = TestRuns.cli("report", "--in", tmp.resolve("in2.json").toString(), "--out", out.toString(),
        "--baseline", "day-1", "--no-history");
    assertThat(again.code()).isZero();
    assertThat(again.out()).contains("2 metric regression(s)");
  }

  @Test
  void inputErrorsAreOneLineWithExitTwo(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("out");
    TestRuns.Ran missing = TestRuns.cli("report", "--in", tmp.resolve("nope").toString(), "--out", out.toString());
    assertThat(missing.code()).isEqualTo(Main.USAGE);
    assertThat(missing.err().strip()).startsWith("trellis: ").doesNotContain("\n").doesNotContain("Exception");

    Files.createDirectories(tmp.resolve("empty"));
    Files.writeString(tmp.resolve("empty/jmh.json"), "[]");
    TestRuns.Ran empty = TestRuns.cli("report", "--in", tmp.resolve("empty").toString(), "--out", out.toString());
    assertThat(empty.code()).isEqualTo(Main.USAGE);
    assertThat(empty.err()).contains("no Trellis results files under");

    Path bad = tmp.resolve("bad.json");
    Files.writeString(bad, "{\"format\": \"trellis-results/1\",\n  \"run\": {\"id\": 12,, }}");
    TestRuns.Ran malformed = TestRuns.cli("report", "--in", bad.toString(), "--out", out.toString());
    assertThat(malformed.code()).isEqualTo(Main.USAGE);
    assertThat(malformed.err().strip()).startsWith("trellis: " + bad + ":2:").doesNotContain("\n");

    ResultsJson.write(TestRuns.run("x", 1, 1, false), tmp.resolve("x.json"));
    TestRuns.Ran baseline = TestRuns.cli("report", "--in", tmp.resolve("x.json").toString(), "--out", out.toString(),
        "--baseline", "no-such-run");
    assertThat(baseline.code()).isEqualTo(Main.USAGE);
    assertThat(baseline.err()).contains("--baseline: no run 'no-such-run'");

    TestRuns.Ran threshold = TestRuns.cli("report", "--in", tmp.resolve("x.json").toString(), "--out", out.toString(),
        "--threshold", "0");
    assertThat(threshold.code()).isEqualTo(Main.USAGE);
  }
}

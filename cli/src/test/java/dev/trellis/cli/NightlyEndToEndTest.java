package dev.trellis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.harness.results.ResultsJson;
import dev.trellis.harness.results.RunResults;
import dev.trellis.reports.History;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main command, end to end, on a scope that fits the test budget: the real
 * certify step (component-model suite, reference engine) and the bench step (smoke profile)
 * when this build has it, each in a child JVM, then the report, rendered in headless
 * Chromium with every chart checked.
 */
class NightlyEndToEndTest {
  @Test
  void nightlyRunsItsStepsAndLeavesARenderedReport(@TempDir Path tmp) throws Exception {
    boolean browser = !"1".equals(System.getenv("TRELLIS_SKIP_BROWSER"));
    List<String> args = new ArrayList<>(List.of("nightly", "--runtime", "trellis", "--suite", "component-model",
        "--profile", "smoke", "--out", tmp.toString()));
    if (browser) {
      args.add("--screenshot");
    }
    TestRuns.Ran r = TestRuns.cli(args.toArray(String[]::new));
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("[1/3] certify: done");
    Path latest = tmp.resolve("latest").toRealPath();
    RunResults results = ResultsJson.read(latest.resolve("results.json"));
    assertThat(results.cases()).hasSizeGreaterThan(1000);
    assertThat(results.cases()).allMatch(c -> c.runtime().equals("trellis"));
    assertThat(results.run().machine().runtimeVersions()).containsKey("trellis");
    assertThat(results.matrix().features()).contains("values", "resources");
    if (Main.commandLine().getSubcommands().containsKey("bench")) {
      assertThat(r.out()).contains("[2/3] bench: done");
      assertThat(results.measurements()).isNotEmpty();
    } else {
      assertThat(r.out()).contains("[2/3] bench: not run: 'trellis bench' is not in this build yet");
    }
    assertThat(new History(tmp.resolve("history.jsonl")).read().runs()).hasSize(1);
    if (browser) {
      Matcher m = Pattern.compile("screenshot: .* \\((\\d+) of (\\d+) charts decoded").matcher(r.out());
      assertThat(m.find()).as(r.out()).isTrue();
      assertThat(m.group(1)).isEqualTo(m.group(2));
      assertThat(Integer.parseInt(m.group(2))).isGreaterThanOrEqualTo(1);
      assertThat(latest.resolve("screenshot.png")).isNotEmptyFile();
    } else {
      Assumptions.abort("TRELLIS_SKIP_BROWSER=1: the report was written but not rendered");
    }
    assertThat(Files.readString(latest.resolve("index.html"))).contains("Conformance heat map");
  }
}

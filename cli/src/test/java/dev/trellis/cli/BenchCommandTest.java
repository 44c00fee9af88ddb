package dev.trellis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.harness.results.ResultsJson;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code trellis bench}'s command line: usage errors are one line with exit 2; a smoke run writes results. */
class BenchCommandTest {
  @Test
  void usageErrorsExitTwo(@TempDir Path tmp) {
    TestRuns.Ran badProfile = TestRuns.cli("bench", "--profile", "fast", "--out", tmp.toString());
    assertThat(badProfile.code()).isEqualTo(Main.USAGE);
    assertThat(badProfile.err()).contains("unknown profile 'fast'").doesNotContain("Exception");
    TestRuns.Ran badSection = TestRuns.cli("bench", "--only", "cpu", "--out", tmp.toString());
    assertThat(badSection.code()).isEqualTo(Main.USAGE);
    assertThat(badSection.err()).contains("unknown section 'cpu'");
    TestRuns.Ran badRuntime = TestRuns.cli("bench", "--runtime", "nosuch", "--out", tmp.toString());
    assertThat(badRuntime.code()).isEqualTo(Main.USAGE);
    assertThat(badRuntime.err()).contains("unknown runtime 'nosuch'");
    assertThat(TestRuns.cli("bench").code()).isEqualTo(Main.USAGE); // --out is required
  }

  @Test
  void smokeRunOfOneSectionWritesResults(@TempDir Path tmp) throws Exception {
    TestRuns.Ran r = TestRuns.cli("bench", "--profile", "smoke", "--runtime", "trellis", "--only", "density", "--out",
        tmp.toString());
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("== density").contains("trellis bench: smoke profile");
    assertThat(ResultsJson.read(tmp.resolve("results.json")).measurements())
        .anySatisfy(m -> assertThat(m.metric()).isEqualTo("retained-heap"));
  }
}

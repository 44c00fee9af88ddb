package dev.trellis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code trellis fuzz abi}: a short campaign on the reference engine, and its usage errors. */
class FuzzCommandTest {
  @TempDir
  Path dir;

  @Test
  void aShortCampaignOnBothBackendsAgrees() throws Exception {
    TestRuns.Ran r = TestRuns.cli("fuzz", "abi", "--runtime", "trellis,trellis-compiler", "--tries", "12", "--seed", "7",
        "--out", dir.toString());
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).startsWith("fuzz abi: seed 7, 12 types on trellis ")
        .contains("12 types in ").contains(" 0 new");
    try (var files = Files.list(dir)) {
      assertThat(files).as("no regression written").isEmpty();
    }
  }

  @Test
  void usageErrorsExitTwoOnOneLine() {
    TestRuns.Ran r = TestRuns.cli("fuzz", "abi", "--runtime", "no-such-runtime", "--tries", "1");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).startsWith("trellis: cannot open runtime `no-such-runtime`").doesNotContain("\n");
    assertThat(TestRuns.cli("fuzz", "abi", "--tries", "0").code()).isEqualTo(2);
    assertThat(TestRuns.cli("fuzz", "abi", "--depth", "9").code()).isEqualTo(2);
    assertThat(TestRuns.cli("fuzz", "abi", "--help").out()).contains("--seed").contains("--seconds").contains("--tries");
  }
}

package dev.trellis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code trellis fuzz abi}: a short campaign on the reference engine, and its usage errors. */
class FuzzCommandTest {
  @TempDir
  Path dir;

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void aShortCampaignOnBothBackendsAgrees() throws Exception {
    Run r = run("fuzz", "abi", "--runtime", "trellis,trellis-compiler", "--tries", "12", "--seed", "7",
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
    Run r = run("fuzz", "abi", "--runtime", "no-such-runtime", "--tries", "1");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).startsWith("trellis: cannot open runtime `no-such-runtime`").doesNotContain("\n");
    assertThat(run("fuzz", "abi", "--tries", "0").code()).isEqualTo(2);
    assertThat(run("fuzz", "abi", "--depth", "9").code()).isEqualTo(2);
    assertThat(run("fuzz", "abi", "--help").out()).contains("--seed").contains("--seconds").contains("--tries");
  }
}

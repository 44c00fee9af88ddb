package dev.trellis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainHelpTest {
  /**
   * The command list of {@code trellis --help} shows each subcommand's first header line (or,
   * without a header, its first description line): each must be a whole sentence, not the first
   * line of a wrapped paragraph cut mid-sentence.
   */
  @Test
  void everySubcommandSummarizesItselfInOneSentence() {
    CommandLine main = Main.commandLine();
    assertThat(main.getSubcommands()).containsKeys("nightly", "runtimes", "certify", "bench", "report", "wast");
    main.getSubcommands().forEach((name, sub) -> {
      if (name.equals("help")) {
        return;
      }
      var usage = sub.getCommandSpec().usageMessage();
      String first = usage.header().length > 0 ? usage.header()[0] : usage.description()[0];
      assertThat(first).as(name).endsWith(".").doesNotContain("\n");
    });
    String help = TestRuns.cli("--help").out();
    assertThat(help).contains("nightly", "The main job");
    assertThat(help.indexOf("nightly")).isLessThan(help.indexOf("certify"));
  }
}

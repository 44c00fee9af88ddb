package dev.trellis.cli;

import dev.trellis.harness.results.ResultsJson;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;

/**
 * The nightly command in a process of its own, for the kill test: its steps are stand-ins
 * that write synthetic results (one slowly), then the real report and history steps run.
 */
public final class NightlyProcess {
  public static void main(String[] args) {
    Path out = Path.of(args[0]);
    CommandLine cl = Main.commandLine();
    NightlyCommand n = (NightlyCommand) cl.getSubcommands().get("nightly").getCommand();
    n.steps = List.of(new NightlyCommand.Step() {
      @Override
      public String name() {
        return "certify";
      }

      @Override
      public Optional<String> unavailable() {
        return Optional.empty();
      }

      @Override
      public int run(Path dir, NightlyCommand.Context ctx) throws java.io.IOException, InterruptedException {
        ResultsJson.write(TestRuns.run("step", 9, 1.0, false), dir.resolve("results.json"));
        Thread.sleep(200);
        return 0;
      }
    });
    System.exit(cl.execute("nightly", "--out", out.toString(), "--runtime", "alpha"));
  }
}

package dev.trellis.cli;

import dev.trellis.harness.Suites;
import dev.trellis.harness.results.Outcome;
import dev.trellis.harness.results.RunInfo;
import dev.trellis.harness.spi.RuntimeFailure;
import dev.trellis.harness.spi.Runtimes;
import dev.trellis.spectests.CaseReport;
import dev.trellis.spectests.Expectations;
import dev.trellis.spectests.FileReport;
import dev.trellis.spectests.ParseOnlyTarget;
import dev.trellis.spectests.RuntimeTarget;
import dev.trellis.spectests.ValidateTarget;
import dev.trellis.spectests.WastReports;
import dev.trellis.spectests.WastRunner;
import dev.trellis.spectests.WastTarget;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code trellis wast}: run .wast scripts and report each directive. */
@Command(
    name = "wast",
    header = "Run WAST scripts and report every directive as passed, failed, skipped or unsupported.",
    mixinStandardHelpOptions = true,
    description = {
      "Run WAST scripts (files, or directories searched for .wast files) and report every "
          + "directive as passed, failed, skipped or unsupported: one line per script, then the totals.",
      "",
      "With --parse-only, every module form must assemble (text) or decode (binary) and every "
          + "assert_malformed text form must be rejected; nothing is validated or run. With "
          + "--validate-only, modules are also validated by the reference engine under the features "
          + "the script's RUN line names (assert_invalid must be rejected, valid modules must "
          + "validate); nothing is run. Otherwise the scripts run on a runtime of the harness "
          + "(--runtime): a script with a wasm-tools RUN line is validated as wasm-tools' wast does, "
          + "its modules instantiated only for an action; other scripts instantiate every module. "
          + "A case needing a feature the runtime does not declare, or that the runtime reports "
          + "unsupported, is counted unsupported, not failed.",
      "",
      "Cases listed in the runtime's expectations file (spec-tests/expectations/RUNTIME.txt) are "
          + "skipped or expected to fail, each with its reason; an expected failure that passes "
          + "is a failure. The same runner, expectations and classification as trellis certify."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:no case failed", "1:some case failed", "2:usage error or unreadable input"})
final class WastCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Scripts or directories of scripts.")
  List<Path> paths;

  @Option(names = "--parse-only", description = "Only assemble and decode; validate and run nothing.")
  boolean parseOnly;

  @Option(names = "--validate-only", description = "Decode and validate (reference engine); run nothing.")
  boolean validateOnly;

  @Option(names = "--runtime", paramLabel = "ID", defaultValue = "trellis",
      description = "The runtime to run on (see `trellis runtimes`; default: ${DEFAULT-VALUE}).")
  String runtime;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write every case as JSON to FILE.")
  Path json;

  @Option(names = "--expectations", paramLabel = "FILE",
      description = "The expectations file (default: spec-tests/expectations/RUNTIME.txt in the repository).")
  Path expectationsFile;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
      description = "Wall-clock limit of one directive when running (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Option(names = {"-v", "--verbose"}, description = "Also list skipped and unsupported cases and expected failures.")
  boolean verbose;

  @Override
  public Integer call() throws IOException {
    List<Path> scripts;
    try {
      scripts = WastRunner.scripts(paths);
    } catch (IOException e) {
      throw new Main.UserError(e.getMessage());
    }
    if (scripts.isEmpty()) {
      throw new Main.UserError("no .wast scripts found under " + paths);
    }
    PrintWriter out = spec.commandLine().getOut();
    RunInfo run = RunInfo.start(Suites.repoRoot(), null);
    try (WastTarget target = target()) {
      Expectations expectations = expectationsFile != null ? Expectations.load(expectationsFile)
          : Expectations.forRuntime(Expectations.dir(Suites.repoRoot()), target.runtime());
      WastRunner runner = new WastRunner(target, expectations, Suites.root()).timeout(Duration.ofSeconds(timeoutSeconds));
      List<FileReport> reports = new ArrayList<>();
      for (Path script : scripts) {
        for (FileReport r : runner.run(script)) {
          reports.add(r);
          out.println(WastReports.line(r));
          for (CaseReport c : r.cases()) {
            boolean show = c.outcome() == Outcome.FAILED
                || (verbose && c.outcome() != Outcome.PASSED);
            if (show) {
              out.println("  " + c.key() + " " + c.directive() + ": " + c.outcome().id() + ": " + c.message());
            }
          }
          out.flush();
        }
      }
      if (json != null) {
        WastReports.writeJson(json, target.runtime(), target.mode(), reports, run.finish());
      }
      out.println(WastReports.total(reports));
      out.flush();
      return WastReports.sum(reports, Outcome.FAILED) > 0 ? Main.FAILURES : Main.OK;
    }
  }

  private WastTarget target() {
    if (parseOnly && validateOnly) {
      throw new Main.UserError("--parse-only and --validate-only exclude each other");
    }
    if (parseOnly) {
      return new ParseOnlyTarget();
    }
    if (validateOnly) {
      return new ValidateTarget();
    }
    try {
      return new RuntimeTarget(Runtimes.discover().open(runtime));
    } catch (RuntimeFailure e) {
      throw new Main.UserError("cannot run on `" + runtime + "`: " + e.getMessage()
          + (runtime.equals("trellis") ? " (use --parse-only to only assemble and decode)" : ""));
    }
  }
}

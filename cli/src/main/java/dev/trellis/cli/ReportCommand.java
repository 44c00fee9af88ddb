package dev.trellis.cli;

import dev.trellis.harness.results.RunResults;
import dev.trellis.reports.ResultsFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code trellis report}: charts, HTML, Markdown and JUnit XML from results files, compared with a baseline. */
@Command(
    name = "report",
    header = "Write the report (HTML with charts, Markdown, JUnit) from results files.",
    mixinStandardHelpOptions = true,
    description = {
      "Write a report (index.html with charts, summary.md, junit.xml) from Trellis",
      "results files (what certify, bench and wast --json write) under",
      "OUT/<run-id>/, point OUT/latest at it, compare with a baseline run and",
      "append the run to the history (OUT/history.jsonl). A metric regresses when",
      "the whole bootstrap confidence interval of its ratio of medians lies beyond",
      "the threshold; a conformance case that passed and now fails always does."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:report written", "1:a regression was flagged and --fail-on-regression was given",
        "2:usage or input error (no results, unreadable file, unknown baseline)"})
final class ReportCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--in", required = true, arity = "1..*", paramLabel = "DIR|RESULTS",
      description = "Results files, or directories searched for them.")
  List<Path> in = new ArrayList<>();

  @Mixin
  ReportOptions report = new ReportOptions();

  @Override
  public Integer call() throws Exception {
    List<Path> files = new ArrayList<>();
    for (Path p : in) {
      List<Path> found = ResultsFiles.find(p);
      if (found.isEmpty()) {
        throw new Main.UserError("no Trellis results files under " + p);
      }
      files.addAll(found);
    }
    ResultsFiles.Merged merged = ResultsFiles.load(files);
    RunResults current = merged.results();
    if (report.label != null) {
      current = current.withRun(current.run().withLabel(report.label));
    }
    return report.report(spec.commandLine().getOut(), current, report.outRoot(), !report.noHistory, merged.warnings());
  }
}

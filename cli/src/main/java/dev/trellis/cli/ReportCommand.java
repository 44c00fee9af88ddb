package dev.trellis.cli;

import dev.trellis.harness.Suites;
import dev.trellis.harness.results.RunResults;
import dev.trellis.reports.Regressions;
import dev.trellis.reports.Reporting;
import dev.trellis.reports.ResultsFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code trellis report}: charts, HTML, Markdown and JUnit XML from results files, compared with a baseline. */
@Command(
    name = "report",
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

  @Option(names = "--out", paramLabel = "DIR", description = "Where reports go (default: reports/out in the repository).")
  Path out;

  @Option(names = "--baseline", paramLabel = "RUN",
      description = "Compare with: 'previous' (default: the latest earlier run in the history), a run id or label "
          + "from the history, a results file or directory, or 'none'.")
  String baseline = Reporting.PREVIOUS;

  @Option(names = "--history", paramLabel = "FILE", description = "The history file (default: OUT/history.jsonl).")
  Path history;

  @Option(names = "--no-history", description = "Do not append this run to the history.")
  boolean noHistory;

  @Option(names = "--label", paramLabel = "NAME", description = "Name this run, to use it later as --baseline NAME.")
  String label;

  @Option(names = "--threshold", paramLabel = "PERCENT", description = "The change that counts as a regression (default: ${DEFAULT-VALUE}).")
  double threshold = 5;

  @Option(names = "--fail-on-regression", description = "Exit 1 when anything is flagged.")
  boolean failOnRegression;

  @Option(names = "--screenshot", description = "Open index.html in headless Chromium, check every chart decodes, "
      + "and save screenshot.png beside it (exit 1 if a chart does not decode).")
  boolean screenshot;

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
    if (label != null) {
      current = current.withRun(current.run().withLabel(label));
    }
    Path outRoot = out != null ? out : Suites.repoRoot().resolve("reports/out");
    Reporting.Result r = run(current, outRoot, merged.warnings());
    int code = summarize(spec.commandLine().getOut(), r, failOnRegression);
    if (screenshot && !screenshot(spec.commandLine().getOut(), r.output())) {
      return Main.FAILURES;
    }
    return code;
  }

  /**
   * Renders the report in headless Chromium: checks each chart image decodes and saves
   * {@code screenshot.png} beside {@code index.html}. Returns false when a chart did not.
   */
  static boolean screenshot(PrintWriter out, dev.trellis.reports.Report.Output report) throws Exception {
    var browser = dev.trellis.reports.Browser.find()
        .orElseThrow(() -> new Main.UserError("--screenshot: no chromium found (install Debian's chromium, or set TRELLIS_CHROMIUM)"));
    Path work = java.nio.file.Files.createTempDirectory("trellis-browser");
    try {
      var images = browser.images(report.html(), work);
      long decoded = images.stream().filter(dev.trellis.reports.Browser.Image::decoded).count();
      Path png = report.dir().resolve("screenshot.png");
      int height = Math.min(16_000, 900 + 560 * report.figures().size());
      browser.screenshot(report.html(), png, 1280, height, work);
      out.printf("screenshot: %s (%d of %d charts decoded in %s)%n", png, decoded, report.figures().size(), browser.binary());
      images.stream().filter(i -> !i.decoded()).forEach(i -> out.println("  NOT DECODED: " + i.alt()));
      out.flush();
      return decoded == report.figures().size() && images.size() == report.figures().size();
    } finally {
      try (var s = java.nio.file.Files.walk(work)) {
        for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
          java.nio.file.Files.deleteIfExists(p);
        }
      }
    }
  }

  Reporting.Result run(RunResults current, Path outRoot, List<String> notes) throws Exception {
    return report(current, outRoot, history != null ? history : outRoot.resolve("history.jsonl"), !noHistory,
        baseline, threshold, notes);
  }

  /** The report step, as nightly also runs it. */
  static Reporting.Result report(RunResults current, Path outRoot, Path history, boolean append, String baseline,
      double thresholdPercent, List<String> notes) throws Exception {
    if (!(thresholdPercent > 0 && thresholdPercent < 100)) {
      throw new Main.UserError("--threshold must be a percentage between 0 and 100, got " + thresholdPercent);
    }
    Regressions.Settings settings = Regressions.Settings.DEFAULT.withThreshold(thresholdPercent / 100);
    try {
      return Reporting.run(current, new Reporting.Options(outRoot, history, append, baseline, settings, notes));
    } catch (Reporting.UnknownBaseline e) {
      throw new Main.UserError("--baseline: " + e.getMessage());
    }
  }

  /** Prints where the report went and what it found; returns the exit code. */
  static int summarize(PrintWriter out, Reporting.Result r, boolean failOnRegression) {
    var c = r.comparison();
    int n = r.output().figures().size();
    out.println("report: " + r.output().html() + " (" + n + (n == 1 ? " chart)" : " charts)"));
    out.println("summary: " + r.output().markdown());
    if (c == null) {
      out.println("baseline: none, nothing compared");
    } else {
      long improved = c.metrics().stream().filter(m -> m.verdict() == dev.trellis.reports.Comparison.Verdict.IMPROVED).count();
      out.printf("compared with %s: %d metric regression(s), %d conformance regression(s), %d improvement(s)%n",
          c.baselineRun(), c.metricRegressions().size(), c.caseRegressions().size(), improved);
      for (var m : c.metricRegressions()) {
        out.printf("  REGRESSED %s: %s [%s]%n", m.key(), fmtChange(m.ratio()), fmtChange(m.low()) + ", " + fmtChange(m.high()));
      }
      c.caseRegressions().stream().limit(20).forEach(x -> out.println("  REGRESSED " + x.key() + ": passed -> failed"));
    }
    if (r.appended()) {
      out.println("history: appended");
    }
    r.output().problems().forEach(p -> out.println("warning: " + p));
    out.flush();
    return failOnRegression && c != null && c.regressed() ? Main.FAILURES : Main.OK;
  }

  private static String fmtChange(double ratio) {
    return String.format(java.util.Locale.ROOT, "%+.1f%%", (ratio - 1) * 100);
  }
}

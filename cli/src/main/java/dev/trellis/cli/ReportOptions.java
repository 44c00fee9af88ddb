package dev.trellis.cli;

import dev.trellis.harness.Suites;
import dev.trellis.harness.results.RunResults;
import dev.trellis.reports.Browser;
import dev.trellis.reports.Comparison;
import dev.trellis.reports.Regressions;
import dev.trellis.reports.Report;
import dev.trellis.reports.Reporting;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The report step of {@code trellis report} and {@code trellis nightly}: where reports and the
 * history go, the baseline and threshold of the comparison, and what is printed and returned.
 */
final class ReportOptions {
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

  @Option(names = "--screenshot", description = "Open the report (index.html) in headless Chromium, check every chart "
      + "decodes, and save screenshot.png beside it (exit 1 if a chart does not decode).")
  boolean screenshot;

  /** {@code --out}, else {@code reports/out} in the repository. */
  Path outRoot() {
    return out != null ? out : Suites.repoRoot().resolve("reports/out");
  }

  /**
   * Writes the report of {@code current} under {@code outRoot}, compared with the baseline,
   * appending it to the history when {@code append}; prints what it found. Returns the exit
   * code: 1 for a flagged regression with {@code --fail-on-regression}, or a chart that did
   * not decode with {@code --screenshot}.
   */
  int report(PrintWriter o, RunResults current, Path outRoot, boolean append, List<String> notes) throws Exception {
    if (!(threshold > 0 && threshold < 100)) {
      throw new Main.UserError("--threshold must be a percentage between 0 and 100, got " + threshold);
    }
    Regressions.Settings settings = Regressions.Settings.DEFAULT.withThreshold(threshold / 100);
    Path historyFile = history != null ? history : outRoot.resolve("history.jsonl");
    Reporting.Result r;
    try {
      r = Reporting.run(current, new Reporting.Options(outRoot, historyFile, append, baseline, settings, notes));
    } catch (Reporting.UnknownBaseline e) {
      throw new Main.UserError("--baseline: " + e.getMessage());
    }
    int code = summarize(o, r);
    if (screenshot && !screenshot(o, r.output())) {
      return Main.FAILURES;
    }
    return code;
  }

  /** Prints where the report went and what it found; returns the exit code. */
  private int summarize(PrintWriter out, Reporting.Result r) {
    var c = r.comparison();
    int n = r.output().figures().size();
    out.println("report: " + r.output().html() + " (" + n + (n == 1 ? " chart)" : " charts)"));
    out.println("summary: " + r.output().markdown());
    if (c == null) {
      out.println("baseline: none, nothing compared");
    } else {
      long improved = c.metrics().stream().filter(m -> m.verdict() == Comparison.Verdict.IMPROVED).count();
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

  /**
   * Renders the report in headless Chromium: checks each chart image decodes and saves
   * {@code screenshot.png} beside {@code index.html}. Returns false when a chart did not.
   */
  private static boolean screenshot(PrintWriter out, Report.Output report) throws Exception {
    var browser = Browser.find()
        .orElseThrow(() -> new Main.UserError("--screenshot: no chromium found (install Debian's chromium, or set TRELLIS_CHROMIUM)"));
    Path work = Files.createTempDirectory("trellis-browser");
    try {
      var images = browser.images(report.html(), work);
      long decoded = images.stream().filter(Browser.Image::decoded).count();
      Path png = report.dir().resolve("screenshot.png");
      int height = Math.min(16_000, 900 + 560 * report.figures().size());
      browser.screenshot(report.html(), png, 1280, height, work);
      out.printf("screenshot: %s (%d of %d charts decoded in %s)%n", png, decoded, report.figures().size(), browser.binary());
      images.stream().filter(i -> !i.decoded()).forEach(i -> out.println("  NOT DECODED: " + i.alt()));
      out.flush();
      return decoded == report.figures().size() && images.size() == report.figures().size();
    } finally {
      try (var s = Files.walk(work)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private static String fmtChange(double ratio) {
    return String.format(Locale.ROOT, "%+.1f%%", (ratio - 1) * 100);
  }
}

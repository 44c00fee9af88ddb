package dev.trellis.reports;

import static dev.trellis.reports.Fmt.md;

import dev.trellis.harness.results.ConformanceMatrix;
import dev.trellis.harness.results.RunInfo;
import java.util.List;
import java.util.Locale;

/** The short Markdown summary for CI comments (kept well under GitHub's comment limit). */
final class Markdown {
  private Markdown() {}

  private static final int MAX_ROWS = 25;

  static String render(Report.Input in, ConformanceMatrix matrix) {
    RunInfo run = in.current().run();
    StringBuilder b = new StringBuilder();
    b.append("## Trellis report `").append(md(run.id())).append("`");
    if (run.label() != null) {
      b.append(" (").append(md(run.label())).append(")");
    }
    b.append("\n\ncommit `").append(md(run.gitCommit())).append("` · ").append(md(run.machine().cpu())).append(", ")
        .append(run.machine().cores()).append(" cores · ").append(md(run.machine().jdk())).append("\n\n");
    Comparison c = in.comparison();
    if (c == null) {
      b.append("**No baseline to compare with**: nothing flagged.\n\n");
    } else {
      int metrics = c.metricRegressions().size();
      int cases = c.caseRegressions().size();
      b.append(metrics + cases == 0 ? "**✅ No regressions**" : "**❌ " + metrics + " metric and " + cases + " conformance regression(s)**")
          .append(String.format(Locale.ROOT, " vs `%s` (flagged when the whole %.0f%% bootstrap CI of the ratio of medians, "
              + "%,d resamples, lies beyond ±%.0f%%; a case that passed and now fails always is).%n%n",
              md(c.baselineRun()), c.settings().confidence() * 100, c.settings().resamples(), c.settings().threshold() * 100));
    }
    if (!matrix.runtimes().isEmpty()) {
      b.append("### Conformance\n\n| runtime | passed | failed | skipped | unsupported | expected failures | pass rate |\n")
          .append("|---|---:|---:|---:|---:|---:|---:|\n");
      for (String r : matrix.runtimes()) {
        ConformanceMatrix.Tally t = matrix.total(r);
        b.append("| ").append(md(r)).append(" | ").append(t.passed()).append(" | ").append(t.failed()).append(" | ")
            .append(t.skipped()).append(" | ").append(t.unsupported()).append(" | ").append(t.expectedFailure()).append(" | ")
            .append(Fmt.percent(t.passRate())).append(" |\n");
      }
      b.append('\n');
    }
    if (c != null) {
      metricTable(b, "Regressions", c.metricRegressions());
      caseList(b, "Conformance regressions (passed → failed)", c.caseRegressions());
      metricTable(b, "Improvements", c.metrics().stream().filter(x -> x.verdict() == Comparison.Verdict.IMPROVED).toList());
      caseList(b, "Fixed cases", c.cases().stream().filter(Comparison.CaseChange::fixed).toList());
    }
    int n = in.current().measurements().size();
    if (n > 0) {
      b.append(n).append(" measurement(s) in this run; charts and the full table are in `index.html`.\n\n");
    }
    List<String> notes = new java.util.ArrayList<>(in.notes());
    if (c != null) {
      notes.addAll(c.notes());
    }
    if (!notes.isEmpty()) {
      b.append("### Notes\n\n");
      notes.forEach(x -> b.append("- ").append(md(x)).append('\n'));
      b.append('\n');
    }
    return b.toString();
  }

  private static void metricTable(StringBuilder b, String title, List<Comparison.MetricChange> xs) {
    if (xs.isEmpty()) {
      return;
    }
    b.append("### ").append(title).append("\n\n| metric | baseline | now | change | 95% CI |\n|---|---:|---:|---:|---:|\n");
    xs.stream().sorted(java.util.Comparator.comparingDouble(x -> -Math.abs(Math.log(x.ratio())))).limit(MAX_ROWS)
        .forEach(x -> b.append("| `").append(md(x.key())).append("` | ").append(Fmt.num(x.baselineMedian(), x.unit()))
            .append(" | ").append(Fmt.num(x.currentMedian(), x.unit())).append(" | ").append(Fmt.change(x.ratio()))
            .append(" | ").append(Fmt.interval(x.low(), x.high())).append(" |\n"));
    if (xs.size() > MAX_ROWS) {
      b.append("\n…and ").append(xs.size() - MAX_ROWS).append(" more (see `index.html`).\n");
    }
    b.append('\n');
  }

  private static void caseList(StringBuilder b, String title, List<Comparison.CaseChange> xs) {
    if (xs.isEmpty()) {
      return;
    }
    b.append("### ").append(title).append(" (").append(xs.size()).append(")\n\n");
    xs.stream().limit(MAX_ROWS).forEach(x -> b.append("- `").append(md(x.key())).append("`")
        .append(x.message() == null || x.fixed() ? "" : ": " + md(x.message())).append('\n'));
    if (xs.size() > MAX_ROWS) {
      b.append("- …and ").append(xs.size() - MAX_ROWS).append(" more (see `junit.xml`).\n");
    }
    b.append('\n');
  }
}

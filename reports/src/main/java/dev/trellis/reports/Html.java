package dev.trellis.reports;

import static dev.trellis.reports.Fmt.html;

import dev.trellis.harness.results.ConformanceMatrix;
import dev.trellis.harness.results.Machine;
import dev.trellis.harness.results.Measurement;
import dev.trellis.harness.results.RunInfo;
import dev.trellis.harness.results.Summary;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The self-contained HTML report: inline CSS, charts as PNG data URIs, no script, no network. */
final class Html {
  private Html() {}

  private static final Map<String, String> SECTIONS = new LinkedHashMap<>();

  static {
    SECTIONS.put("conformance", "Conformance");
    SECTIONS.put("phases", "Time per phase");
    SECTIONS.put("density", "Density");
    SECTIONS.put("throughput", "Throughput");
    SECTIONS.put("http", "wasi:http");
    SECTIONS.put("history", "History");
  }

  private static final String CSS = """
      body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:1100px;padding:0 1.2em 3em;color:#222}
      h1{margin:.8em 0 .2em}h2{border-bottom:2px solid #ddd;padding-bottom:.2em;margin-top:1.6em}
      .meta{color:#555;font-size:13px}.meta code{font-size:12px}
      .verdict{padding:.7em 1em;border-radius:6px;font-weight:600;margin:1em 0}
      .ok{background:#e6f4ea;color:#1e6b34}.bad{background:#fce8e6;color:#a50e0e}.none{background:#eef1f5;color:#444}
      table{border-collapse:collapse;margin:.6em 0;font-size:13px}th,td{border:1px solid #ddd;padding:.25em .6em;text-align:right}
      th{background:#f5f5f5}td.l,th.l{text-align:left}tr.reg td{background:#fce8e6}tr.imp td{background:#e6f4ea}
      figure{margin:1em 0}figure img{max-width:100%;height:auto;border:1px solid #eee}figcaption{color:#555;font-size:13px}
      nav a{margin-right:1em}details{margin:.5em 0}code{font-family:ui-monospace,monospace}
      .empty{color:#777;font-style:italic}
      """;

  static String render(Report.Input in, List<Figure> figures, ConformanceMatrix matrix) {
    RunInfo run = in.current().run();
    StringBuilder b = new StringBuilder(1 << 20);
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>Trellis report ").append(html(run.id())).append("</title><style>").append(CSS)
        .append("</style></head><body>\n");
    b.append("<h1>Trellis report</h1>\n<p class=\"meta\">run <code>").append(html(run.id())).append("</code>");
    if (run.label() != null) {
      b.append(" (").append(html(run.label())).append(")");
    }
    b.append(" · commit <code>").append(html(run.gitCommit())).append("</code> · started ")
        .append(html(String.valueOf(run.started())));
    if (run.finished() != null) {
      b.append(" · finished ").append(html(String.valueOf(run.finished())));
    }
    Machine m = run.machine();
    b.append("<br>").append(html(m.cpu())).append(" · ").append(m.cores()).append(" cores · ")
        .append(html(m.jdk())).append(" · ").append(html(m.os()));
    if (!m.runtimeVersions().isEmpty()) {
      b.append("<br>runtimes: ");
      m.runtimeVersions().forEach((k, v) -> b.append("<code>").append(html(k)).append(" ").append(html(v)).append("</code> "));
    }
    b.append("</p>\n");
    verdict(b, in);
    b.append("<nav>");
    for (var s : SECTIONS.entrySet()) {
      b.append("<a href=\"#").append(s.getKey()).append("\">").append(s.getValue()).append("</a>");
    }
    b.append("<a href=\"#measurements\">Measurements</a><a href=\"#notes\">Notes</a></nav>\n");
    if (in.comparison() != null) {
      changes(b, in.comparison());
    }
    for (var s : SECTIONS.entrySet()) {
      b.append("<h2 id=\"").append(s.getKey()).append("\">").append(s.getValue()).append("</h2>\n");
      if (s.getKey().equals("conformance")) {
        conformanceTable(b, matrix);
      }
      boolean any = false;
      for (Figure f : figures) {
        if (f.section().equals(s.getKey())) {
          any = true;
          b.append("<figure><img class=\"chart\" alt=\"").append(html(f.title())).append("\" src=\"data:image/png;base64,")
              .append(Base64.getEncoder().encodeToString(f.png())).append("\"><figcaption><b>").append(html(f.title())).append(".</b> ").append(html(f.caption()))
              .append("</figcaption></figure>\n");
        }
      }
      if (!any) {
        b.append("<p class=\"empty\">No ").append(s.getKey().equals("conformance") ? "conformance results" : "measurements")
            .append(" for this section in this run.</p>\n");
      }
    }
    measurements(b, in.current().measurements());
    b.append("<h2 id=\"notes\">Notes</h2>\n");
    List<String> notes = new java.util.ArrayList<>(in.notes());
    if (in.comparison() != null) {
      notes.addAll(in.comparison().notes());
    }
    if (notes.isEmpty()) {
      b.append("<p class=\"empty\">None.</p>\n");
    } else {
      b.append("<ul>");
      notes.forEach(n -> b.append("<li>").append(html(n)).append("</li>"));
      b.append("</ul>\n");
    }
    b.append("</body></html>\n");
    return b.toString();
  }

  private static void verdict(StringBuilder b, Report.Input in) {
    Comparison c = in.comparison();
    if (c == null) {
      b.append("<div class=\"verdict none\">No baseline to compare with: nothing flagged.</div>\n");
      return;
    }
    int metrics = c.metricRegressions().size();
    int cases = c.caseRegressions().size();
    String how = String.format(java.util.Locale.ROOT,
        " against <code>%s</code> (a metric is flagged when the whole %.0f%% bootstrap interval of its ratio of medians lies beyond ±%.0f%%)",
        html(c.baselineRun()), c.settings().confidence() * 100, c.settings().threshold() * 100);
    if (metrics + cases == 0) {
      b.append("<div class=\"verdict ok\">No regressions").append(how).append(".</div>\n");
    } else {
      b.append("<div class=\"verdict bad\">").append(metrics).append(" metric regression").append(metrics == 1 ? "" : "s")
          .append(" and ").append(cases).append(" conformance regression").append(cases == 1 ? "" : "s").append(how)
          .append(".</div>\n");
    }
  }

  private static void changes(StringBuilder b, Comparison c) {
    b.append("<h2 id=\"changes\">Changes since <code>").append(html(c.baselineRun())).append("</code></h2>\n");
    List<Comparison.MetricChange> moved = c.metrics().stream()
        .filter(x -> x.verdict() == Comparison.Verdict.REGRESSED || x.verdict() == Comparison.Verdict.IMPROVED).toList();
    if (moved.isEmpty()) {
      b.append("<p class=\"empty\">No metric moved beyond the threshold.</p>\n");
    } else {
      b.append("<table><tr><th class=\"l\">verdict</th><th class=\"l\">metric</th><th>baseline median</th><th>median now</th>")
          .append("<th>change</th><th>95% CI</th><th>n</th></tr>\n");
      for (var x : moved) {
        b.append("<tr class=\"").append(x.verdict() == Comparison.Verdict.REGRESSED ? "reg" : "imp").append("\"><td class=\"l\">")
            .append(x.verdict().name().toLowerCase(java.util.Locale.ROOT)).append("</td><td class=\"l\"><code>")
            .append(html(x.key())).append("</code></td><td>").append(Fmt.num(x.baselineMedian(), x.unit())).append("</td><td>")
            .append(Fmt.num(x.currentMedian(), x.unit())).append("</td><td>").append(Fmt.change(x.ratio())).append("</td><td>")
            .append(Fmt.interval(x.low(), x.high())).append("</td><td>").append(x.baselineN()).append(" / ").append(x.currentN())
            .append("</td></tr>\n");
      }
      b.append("</table>\n");
    }
    List<Comparison.CaseChange> caseChanges = c.cases();
    if (!caseChanges.isEmpty()) {
      b.append("<table><tr><th class=\"l\">case</th><th class=\"l\">before</th><th class=\"l\">now</th><th class=\"l\">message</th></tr>\n");
      int shown = 0;
      for (var x : caseChanges.stream().sorted(java.util.Comparator.comparing((Comparison.CaseChange x) -> !x.regression())).toList()) {
        if (shown++ == 500) {
          b.append("<tr><td class=\"l\" colspan=\"4\">… ").append(caseChanges.size() - 500).append(" more</td></tr>\n");
          break;
        }
        b.append("<tr").append(x.regression() ? " class=\"reg\"" : x.fixed() ? " class=\"imp\"" : "").append("><td class=\"l\"><code>")
            .append(html(x.key())).append("</code></td><td class=\"l\">").append(x.before() == null ? "–" : x.before().id())
            .append("</td><td class=\"l\">").append(x.after() == null ? "not run" : x.after().id()).append("</td><td class=\"l\">")
            .append(html(x.message())).append("</td></tr>\n");
      }
      b.append("</table>\n");
    }
    long inconclusive = c.metrics().stream().filter(x -> x.verdict() == Comparison.Verdict.INCONCLUSIVE).count();
    if (inconclusive > 0) {
      b.append("<p class=\"meta\">").append(inconclusive).append(" metric(s) had fewer than ").append(Regressions.MIN_SAMPLES)
          .append(" samples on a side (or a zero median) and were not judged.</p>\n");
    }
  }

  private static void conformanceTable(StringBuilder b, ConformanceMatrix m) {
    if (m.runtimes().isEmpty()) {
      return;
    }
    b.append("<table><tr><th class=\"l\">runtime</th><th>passed</th><th>failed</th><th>skipped</th><th>unsupported</th>")
        .append("<th>expected failures</th><th>pass rate</th></tr>\n");
    for (String r : m.runtimes()) {
      ConformanceMatrix.Tally t = m.total(r);
      b.append("<tr><td class=\"l\">").append(html(r)).append("</td><td>").append(t.passed()).append("</td><td>")
          .append(t.failed()).append("</td><td>").append(t.skipped()).append("</td><td>").append(t.unsupported())
          .append("</td><td>").append(t.expectedFailure()).append("</td><td>").append(Fmt.percent(t.passRate()))
          .append("</td></tr>\n");
    }
    b.append("</table>\n");
  }

  private static void measurements(StringBuilder b, List<Measurement> ms) {
    b.append("<h2 id=\"measurements\">Measurements</h2>\n");
    if (ms.isEmpty()) {
      b.append("<p class=\"empty\">No measurements in this run.</p>\n");
      return;
    }
    b.append("<details><summary>").append(ms.size()).append(" measurements (median, interquartile range, 95% CI of the median)</summary>\n");
    b.append("<table><tr><th class=\"l\">measurement</th><th>n</th><th>median</th><th>p25–p75</th><th>95% CI</th><th>min</th><th>max</th></tr>\n");
    for (var e : Regressions.byKey(ms).entrySet()) {
      Measurement m = e.getValue();
      Summary s = m.summary();
      Bootstrap.Interval iv = Charts.medianInterval(m);
      b.append("<tr><td class=\"l\"><code>").append(html(e.getKey())).append("</code></td><td>").append(s.n()).append("</td><td>")
          .append(Fmt.num(s.median(), m.unit())).append("</td><td>").append(Fmt.num(s.p25())).append("–").append(Fmt.num(s.p75()))
          .append("</td><td>").append(Fmt.num(iv.low())).append("–").append(Fmt.num(iv.high())).append("</td><td>")
          .append(Fmt.num(s.min())).append("</td><td>").append(Fmt.num(s.max())).append("</td></tr>\n");
    }
    b.append("</table></details>\n");
  }
}

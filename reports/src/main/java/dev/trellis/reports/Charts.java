package dev.trellis.reports;

import dev.trellis.harness.results.ConformanceMatrix;
import dev.trellis.harness.results.Measurement;
import dev.trellis.harness.results.RunResults;
import dev.trellis.harness.results.Summary;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Renders the result records as XChart figures. Reads only records, never engines. */
final class Charts {
  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private static final int W = 960;
  private static final int H = 480;
  private static final int PANEL_W = 300;
  private static final int PANEL_H = 300;
  /** The height a legend line of a panel takes. */
  private static final int LEGEND_ROW_H = 30;
  /** The height a legend line of a history chart takes. */
  private static final int HISTORY_LEGEND_ROW_H = 21;
  private static final Color[] PALETTE = {
    new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
    new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf), new Color(0xbcbd22), new Color(0x7f7f7f)
  };
  private static final org.knowm.xchart.style.markers.Marker[] MARKERS = {
    SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND, SeriesMarkers.TRIANGLE_UP,
    SeriesMarkers.TRIANGLE_DOWN, SeriesMarkers.CROSS
  };
  private static final Color CEILING = new Color(0x444444);

  /** Phases charted as time per operation, in this order. */
  static final List<String> TIMED_PHASES =
      List.of("decode", "validate", "compile", "instantiate", "instantiate-cold", "call", "startup");

  private final Map<String, Color> colors = new TreeMap<>();

  Charts(List<String> runtimes) {
    List<String> sorted = new ArrayList<>(new TreeSet<>(runtimes));
    sorted.remove(Measurement.JDK);
    for (int i = 0; i < sorted.size(); i++) {
      colors.put(sorted.get(i), PALETTE[i % PALETTE.length]);
    }
    colors.put(Measurement.JDK, CEILING);
  }

  private Color color(String runtime) {
    return colors.getOrDefault(runtime, PALETTE[Math.floorMod(runtime.hashCode(), PALETTE.length)]);
  }

  // ---- conformance ------------------------------------------------------------------------

  /** Heat map of pass rates, runtime × feature area. */
  Figure heatMap(ConformanceMatrix m) {
    List<String> xs = m.features();
    List<String> ys = m.runtimes();
    List<Number[]> cells = new ArrayList<>();
    for (int yi = 0; yi < ys.size(); yi++) {
      for (int xi = 0; xi < xs.size(); xi++) {
        double rate = m.cell(ys.get(yi), xs.get(xi)).passRate();
        if (!Double.isNaN(rate)) {
          cells.add(new Number[] {xi, yi, Math.round(rate * 1000) / 10.0});
        }
      }
    }
    int w = Math.max(W, 160 + 70 * xs.size());
    int h = Math.max(300, 140 + 44 * ys.size());
    HeatMapChart c = new HeatMapChartBuilder().width(w).height(h)
        .title("Conformance: pass rate (%) by runtime and feature area").build();
    c.getStyler().setShowValue(true);
    c.getStyler().setMin(0);
    c.getStyler().setMax(100);
    c.getStyler().setRangeColors(new Color[] {new Color(0xd73027), new Color(0xfee08b), new Color(0x1a9850)});
    c.getStyler().setXAxisLabelRotation(xs.size() > 8 ? 45 : 0);
    c.getStyler().setLegendVisible(true);
    c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    c.getStyler().setHeatMapValueDecimalPattern("0.#");
    c.addSeries("pass rate %", xs, ys, cells);
    return new Figure("conformance", "Conformance heat map",
        "Share of the cases that ran (passed, failed, expected failures) that passed; skipped and unsupported cases "
            + "are not counted against a runtime. A blank cell: no case of that area ran.", png(c));
  }

  // ---- phases -----------------------------------------------------------------------------

  /**
   * One figure per workload: a small bar chart per phase (each on its own linear scale, since
   * phases differ by orders of magnitude), bars per runtime, 95% CI error bars.
   */
  List<Figure> phaseBars(List<Measurement> ms) {
    Map<String, List<Measurement>> byWorkload = new TreeMap<>();
    for (Measurement m : ms) {
      if (TIMED_PHASES.contains(m.phase()) && micros(1, m.unit()) > 0) {
        byWorkload.computeIfAbsent(workloadLabel(m), k -> new ArrayList<>()).add(m);
      }
    }
    List<Figure> out = new ArrayList<>();
    for (var e : byWorkload.entrySet()) {
      Map<String, Map<String, Measurement>> byPhase = new TreeMap<>(Comparator.comparingInt(TIMED_PHASES::indexOf));
      for (Measurement m : e.getValue()) {
        byPhase.computeIfAbsent(m.phase(), p -> new TreeMap<>()).merge(m.runtime(), m,
            (a, b) -> a.withSamples(concat(a.samples(), b.samples())));
      }
      List<CategoryChart> panels = new ArrayList<>();
      int legendRows = byPhase.values().stream().mapToInt(Map::size).max().orElse(0);
      for (var p : byPhase.entrySet()) {
        double top = 0;
        for (Measurement m : p.getValue().values()) {
          top = Math.max(top, micros(m.summary().median(), m.unit()));
        }
        String unit = top < 1 ? "ns" : top < 10_000 ? "µs" : "ms";
        double scale = unit.equals("ns") ? 1000 : unit.equals("µs") ? 1 : 0.001;
        panels.add(panel(p.getKey(), "median (" + unit + ")", p.getValue(), m -> micros(1, m.unit()) * scale,
            legendRows));
      }
      if (!panels.isEmpty()) {
        out.add(new Figure("phases", "Time per phase: " + e.getKey(),
            "Median time per operation in each phase, one panel per phase (each on its own scale), one bar per "
                + "runtime; error bars: 95% bootstrap confidence interval of the median (the larger side).", tile(panels)));
      }
    }
    return out;
  }

  /**
   * One small panel: a bar per runtime (its median times {@code factor}), 95% bootstrap CI of the
   * median as error bars (the larger side), on a linear axis from zero. The legend lists one
   * runtime a line below the plot, with room for {@code legendRows} of them, so that the panels of
   * one figure keep one size and a long runtime name is never cut.
   */
  private CategoryChart panel(String title, String yTitle, Map<String, Measurement> byRuntime,
      java.util.function.ToDoubleFunction<Measurement> factor, int legendRows) {
    CategoryChart c = new CategoryChartBuilder().width(PANEL_W).height(PANEL_H + LEGEND_ROW_H * legendRows)
        .title(title).yAxisTitle(yTitle).build();
    c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    c.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
    c.getStyler().setErrorBarsColor(Color.BLACK);
    c.getStyler().setYAxisMin(0.0); // the quantities drawn are never negative, whatever an error bar's lower side
    c.getStyler().setYAxisDecimalPattern("#,##0.##");
    c.getStyler().setXAxisTicksVisible(false);
    for (var r : byRuntime.entrySet()) {
      Measurement m = r.getValue();
      Bootstrap.Interval iv = medianInterval(m);
      double f = factor.applyAsDouble(m);
      double err = Math.max(iv.estimate() - iv.low(), iv.high() - iv.estimate());
      c.addSeries(r.getKey(), List.of(title), List.of(iv.estimate() * f),
          List.of(Double.isFinite(err) ? err * f : 0)).setFillColor(color(r.getKey()));
    }
    return c;
  }

  /** Panels side by side, four to a row, as one PNG. */
  private static byte[] tile(List<CategoryChart> panels) {
    int cols = Math.min(4, panels.size());
    int rows = (panels.size() + cols - 1) / cols;
    List<CategoryChart> cells = new ArrayList<>(panels);
    while (cells.size() < rows * cols) {
      CategoryChart blank = new CategoryChartBuilder().width(PANEL_W).height(panels.get(0).getHeight()).title(" ").build();
      blank.getStyler().setPlotBackgroundColor(blank.getStyler().getChartBackgroundColor());
      blank.getStyler().setPlotBorderVisible(false);
      blank.getStyler().setAxisTitlesVisible(false);
      blank.getStyler().setXAxisTicksVisible(false);
      blank.getStyler().setYAxisTicksVisible(false);
      blank.getStyler().setPlotGridLinesVisible(false);
      blank.getStyler().setLegendVisible(false);
      blank.addSeries(" ", List.of(" "), List.of(0));
      cells.add(blank);
    }
    try {
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
      BitmapEncoder.saveBitmap(cells, rows, cols, bytes, BitmapEncoder.BitmapFormat.PNG);
      return bytes.toByteArray();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  // ---- density ----------------------------------------------------------------------------

  /** Memory per instance against the number of instances. */
  Figure density(List<Measurement> ms) {
    Map<String, TreeMap<Double, Measurement>> series = new TreeMap<>();
    for (Measurement m : ms) {
      Double n = number(m.params().get("instances"));
      if (m.phase().equals("density") && n != null && bytes(1, m.unit()) > 0) {
        series.computeIfAbsent(m.runtime() + " · " + m.workload() + " · " + m.metric(), k -> new TreeMap<>()).put(n, m);
      }
    }
    if (series.isEmpty()) {
      return null;
    }
    XYChart c = new XYChartBuilder().width(W).height(H).title("Density: memory per idle instance")
        .xAxisTitle("instances (log scale)").yAxisTitle("KiB per instance").build();
    c.getStyler().setXAxisLogarithmic(true);
    c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    c.getStyler().setXAxisDecimalPattern("#,##0");
    c.getStyler().setYAxisDecimalPattern("#,##0.#");
    for (var e : series.entrySet()) {
      List<Double> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      List<Double> errs = new ArrayList<>();
      for (var p : e.getValue().entrySet()) {
        Measurement m = p.getValue();
        Bootstrap.Interval iv = medianInterval(m);
        double f = bytes(1, m.unit()) / 1024;
        xs.add(p.getKey());
        ys.add(iv.estimate() * f);
        errs.add(Math.max(iv.estimate() - iv.low(), iv.high() - iv.estimate()) * f);
      }
      XYSeries s = c.addSeries(e.getKey(), xs, ys, errs);
      styleLine(s, e.getValue().firstEntry().getValue().runtime(), false);
    }
    return new Figure("density", "Density: memory per idle instance",
        "Median memory per instance (retained heap after GC for in-process engines, RSS for process runtimes) as the "
            + "number of idle instances grows; error bars: 95% bootstrap CI of the median.", png(c));
  }

  // ---- throughput -------------------------------------------------------------------------

  /** Canonical ABI MB/s against payload size, with the JDK copy ceilings dashed. */
  Figure abiThroughput(List<Measurement> ms) {
    Map<String, TreeMap<Double, Measurement>> series = new TreeMap<>();
    for (Measurement m : ms) {
      Double n = number(m.params().get("bytes"));
      if (m.phase().equals("throughput") && m.unit().equals("MB/s") && n != null) {
        series.computeIfAbsent(m.runtime() + " · " + m.workload(), k -> new TreeMap<>()).put(n, m);
      }
    }
    if (series.isEmpty()) {
      return null;
    }
    XYChart c = new XYChartBuilder().width(W).height(H).title("Canonical ABI throughput vs the arraycopy ceiling")
        .xAxisTitle("payload (bytes, log scale)").yAxisTitle("MB/s (log scale)").build();
    c.getStyler().setXAxisLogarithmic(true);
    c.getStyler().setYAxisLogarithmic(true);
    c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    c.getStyler().setXAxisDecimalPattern("#,##0");
    c.getStyler().setYAxisDecimalPattern("#,##0.##");
    for (var e : series.entrySet()) {
      List<Double> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      for (var p : e.getValue().entrySet()) {
        double y = p.getValue().summary().median();
        if (y > 0 && Double.isFinite(y)) { // a log axis cannot show it
          xs.add(p.getKey());
          ys.add(y);
        }
      }
      if (xs.isEmpty()) {
        continue;
      }
      String rt = e.getValue().firstEntry().getValue().runtime();
      styleLine(c.addSeries(e.getKey(), xs, ys), rt, rt.equals(Measurement.JDK));
    }
    return new Figure("throughput", "Canonical ABI throughput vs the arraycopy ceiling",
        "Median MB/s moved through the Canonical ABI per payload size; dashed grey: System.arraycopy and new String on "
            + "the same JDK in the same run, the ceiling a copy can reach.", png(c));
  }

  /** Other throughput (calls/s, ops/s): bars per runtime and workload. */
  Figure callThroughput(List<Measurement> ms) {
    List<Measurement> sel = ms.stream()
        .filter(m -> m.phase().equals("throughput") && m.higherIsBetter() && !m.unit().equals("MB/s")).toList();
    if (sel.isEmpty()) {
      return null;
    }
    Map<String, Map<String, Measurement>> byWorkload = new TreeMap<>();
    for (Measurement m : sel) {
      byWorkload.computeIfAbsent(m.workload(), w -> new TreeMap<>()).merge(m.runtime(), m,
          (a, b) -> a.withSamples(concat(a.samples(), b.samples())));
    }
    List<CategoryChart> panels = new ArrayList<>();
    int legendRows = byWorkload.values().stream().mapToInt(Map::size).max().orElse(0);
    byWorkload.forEach((w, byRuntime) -> panels.add(
        panel(w, "median (" + byRuntime.values().iterator().next().unit() + ")", byRuntime, m -> 1, legendRows)));
    return new Figure("throughput", "Call throughput",
        "Median calls per second through the ABI, one panel per workload (each on its own scale), one bar per "
            + "runtime; error bars: 95% bootstrap CI of the median (the larger side).", tile(panels));
  }

  // ---- http -------------------------------------------------------------------------------

  /** Requests/s per runtime, and latency percentiles. */
  List<Figure> http(List<Measurement> ms) {
    List<Figure> out = new ArrayList<>();
    List<Measurement> rps = ms.stream().filter(m -> m.phase().equals("http") && m.higherIsBetter()).toList();
    if (!rps.isEmpty()) {
      out.add(bars("http", "wasi:http requests per second", rps, "requests/s (median)",
          "Median requests per second with a fresh instance per request; the jdk bar is a plain JDK HTTP server "
              + "returning the same bytes (the ceiling). Error bars: 95% bootstrap CI of the median."));
    }
    List<Measurement> lat = ms.stream()
        .filter(m -> m.phase().equals("http") && !m.higherIsBetter() && micros(1, m.unit()) > 0).toList();
    if (!lat.isEmpty()) {
      List<String> names = new ArrayList<>();
      List<Double> p50 = new ArrayList<>();
      List<Double> p90 = new ArrayList<>();
      List<Double> p99 = new ArrayList<>();
      for (Measurement m : lat) {
        Summary s = m.summary();
        double f = micros(1, m.unit()) / 1000;
        names.add(m.runtime() + " · " + m.workload());
        p50.add(s.median() * f);
        p90.add(s.p90() * f);
        p99.add(s.p99() * f);
      }
      CategoryChart c = new CategoryChartBuilder().width(W).height(H).title("wasi:http latency percentiles")
          .xAxisTitle("runtime · workload").yAxisTitle("latency (ms)").build();
      c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
      c.getStyler().setXAxisLabelRotation(names.size() > 4 ? 20 : 0);
      c.getStyler().setYAxisDecimalPattern("#,##0.###");
      c.addSeries("p50", names, p50).setFillColor(new Color(0x74add1));
      c.addSeries("p90", names, p90).setFillColor(new Color(0xfdae61));
      c.addSeries("p99", names, p99).setFillColor(new Color(0xd73027));
      out.add(new Figure("http", "wasi:http latency percentiles",
          "Per-request latency percentiles (p50, p90, p99) under the bounded load generator.", png(c)));
    }
    return out;
  }

  // ---- history ----------------------------------------------------------------------------

  /**
   * One chart per phase: each metric's median in every run of the history divided by its
   * median in the baseline run (or its first run), with the regression band.
   */
  List<Figure> history(List<RunResults> runs, String baselineId, double threshold) {
    if (runs.isEmpty()) {
      return List.of();
    }
    // phase -> key -> points
    Map<String, Map<String, List<double[]>>> byPhase = new TreeMap<>();
    Map<String, Map<String, Measurement>> sample = new TreeMap<>();
    Map<String, Double> reference = new TreeMap<>();
    RunResults baseline = runs.stream().filter(r -> r.run().id().equals(baselineId)).findFirst().orElse(null);
    if (baseline != null) {
      for (var e : Regressions.byKey(baseline.measurements()).entrySet()) {
        reference.put(e.getKey(), e.getValue().summary().median());
      }
    }
    for (RunResults r : runs) {
      double t = r.run().started().toEpochMilli();
      for (var e : Regressions.byKey(r.measurements()).entrySet()) {
        Measurement m = e.getValue();
        double med = m.summary().median();
        reference.putIfAbsent(e.getKey(), med);
        double ref = reference.get(e.getKey());
        if (ref == 0 || !Double.isFinite(med)) {
          continue;
        }
        byPhase.computeIfAbsent(m.phase(), p -> new TreeMap<>())
            .computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(new double[] {t, med / ref});
        sample.computeIfAbsent(m.phase(), p -> new TreeMap<>()).put(e.getKey(), m);
      }
    }
    List<Figure> out = new ArrayList<>();
    for (var e : byPhase.entrySet()) {
      // the series that moved most first; at most 10 per chart
      List<Map.Entry<String, List<double[]>>> series = new ArrayList<>(e.getValue().entrySet());
      series.sort(Comparator.comparingDouble((Map.Entry<String, List<double[]>> s) -> -Math.abs(s.getValue().getLast()[1] - 1))
          .thenComparing(Map.Entry::getKey));
      int dropped = Math.max(0, series.size() - 10);
      series = series.subList(0, Math.min(10, series.size()));
      // the legend (a line per series and two for the band) gets room of its own below the plot
      XYChart c = new XYChartBuilder().width(W).height(H + HISTORY_LEGEND_ROW_H * (series.size() + 2))
          .title("History: " + e.getKey())
          .xAxisTitle("run").yAxisTitle("median / baseline median").build();
      c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
      c.getStyler().setDatePattern("MM-dd HH:mm");
      c.getStyler().setYAxisDecimalPattern("0.00");
      double lo = 1 - threshold;
      double hi = 1 + threshold;
      Map<String, Integer> perRuntime = new TreeMap<>();
      for (var s : series) {
        List<Date> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (double[] p : s.getValue()) {
          xs.add(new Date((long) p[0]));
          ys.add(p[1]);
          lo = Math.min(lo, p[1]);
          hi = Math.max(hi, p[1]);
        }
        Measurement m = sample.get(e.getKey()).get(s.getKey());
        XYSeries xy = c.addSeries(shortKey(m), xs, ys);
        styleLine(xy, m.runtime(), m.runtime().equals(Measurement.JDK));
        // one colour per runtime; the marker tells its workloads apart
        int nth = perRuntime.merge(m.runtime(), 1, Integer::sum) - 1;
        xy.setMarker(MARKERS[nth % MARKERS.length]);
      }
      double pad = (hi - lo) * 0.1 + 0.01;
      c.getStyler().setYAxisMin(lo - pad);
      c.getStyler().setYAxisMax(hi + pad);
      long first = (long) runs.getFirst().run().started().toEpochMilli();
      long last = Math.max(first + 1, (long) runs.getLast().run().started().toEpochMilli());
      for (double y : new double[] {1 + threshold, 1 - threshold}) {
        XYSeries band = c.addSeries(String.format(Locale.ROOT, "regression band %+.0f%%", (y - 1) * 100),
            List.of(new Date(first), new Date(last)), List.of(y, y));
        band.setLineColor(new Color(0xd73027));
        band.setMarker(SeriesMarkers.NONE);
        band.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
      }
      out.add(new Figure("history", "History: " + e.getKey(),
          String.format(Locale.ROOT, "Each metric's median per run divided by its median in the baseline run; the "
              + "dashed red lines are the regression band (±%.0f%%). A point outside the band is flagged only when "
              + "its whole confidence interval is.%s", threshold * 100,
              dropped > 0 ? " " + dropped + " steadier series not drawn." : ""), png(c)));
    }
    return out;
  }

  // ---- helpers ----------------------------------------------------------------------------

  private Figure bars(String section, String title, List<Measurement> ms, String yTitle, String caption) {
    List<String> names = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    List<Double> errs = new ArrayList<>();
    for (Measurement m : ms) {
      Bootstrap.Interval iv = medianInterval(m);
      names.add(m.runtime() + " · " + m.workload());
      ys.add(iv.estimate());
      errs.add(Math.max(iv.estimate() - iv.low(), iv.high() - iv.estimate()));
    }
    CategoryChart c = new CategoryChartBuilder().width(W).height(H).title(title)
        .xAxisTitle("runtime · workload").yAxisTitle(yTitle).build();
    c.getStyler().setLegendVisible(false);
    c.getStyler().setErrorBarsColor(Color.BLACK);
    c.getStyler().setYAxisMin(0.0); // the measured quantities are never negative
    c.getStyler().setXAxisLabelRotation(names.size() > 4 ? 20 : 0);
    c.getStyler().setYAxisDecimalPattern("#,##0");
    c.addSeries(title, names, ys, errs).setFillColor(PALETTE[0]);
    return new Figure(section, title, caption, png(c));
  }

  private void styleLine(XYSeries s, String runtime, boolean dashed) {
    Color col = color(runtime);
    s.setLineColor(col);
    s.setMarkerColor(col);
    s.setMarker(dashed ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
    if (dashed) {
      s.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {8, 5}, 0));
    }
  }

  /** An error bar that stays above zero on a log axis. */
  private static double logSafe(double y, double err) {
    return Double.isFinite(err) ? Math.min(err, y * 0.999) : 0;
  }

  private static String shortKey(Measurement m) {
    String p = m.params().isEmpty() ? "" : " " + new TreeMap<>(m.params()).toString();
    return m.runtime() + " · " + m.workload() + " · " + m.metric() + p;
  }

  private static String workloadLabel(Measurement m) {
    return m.workload() + (m.params().isEmpty() ? "" : " " + new TreeMap<>(m.params()));
  }

  static Bootstrap.Interval medianInterval(Measurement m) {
    return Bootstrap.median(m.values(), 1000, 0.95, m.key().hashCode());
  }

  private static List<Double> concat(List<Double> a, List<Double> b) {
    List<Double> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  /** Microseconds per {@code unit}, or 0 when it is not a time unit. */
  static double micros(double v, String unit) {
    return switch (unit) {
      case "ns" -> v / 1000;
      case "us", "µs" -> v;
      case "ms" -> v * 1000;
      case "s" -> v * 1_000_000;
      default -> 0;
    };
  }

  /** Bytes per {@code unit}, or 0 when it is not a size unit. */
  static double bytes(double v, String unit) {
    return switch (unit) {
      case "bytes", "B" -> v;
      case "KiB" -> v * 1024;
      case "MiB" -> v * 1024 * 1024;
      default -> 0;
    };
  }

  private static Double number(String s) {
    if (s == null) {
      return null;
    }
    try {
      double d = Double.parseDouble(s);
      return d > 0 && Double.isFinite(d) ? d : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  static byte[] png(Chart<?, ?> chart) {
    try {
      return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package dev.trellis.reports;

import dev.trellis.harness.results.ConformanceMatrix;
import dev.trellis.harness.results.JUnitXml;
import dev.trellis.harness.results.Measurement;
import dev.trellis.harness.results.ResultsJson;
import dev.trellis.harness.results.RunResults;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes a run's report under {@code OUT/<run-id>/} and points {@code OUT/latest} at it:
 * {@code index.html} (self-contained: charts embedded as data URIs, no network needed),
 * {@code summary.md} (for CI comments), {@code junit.xml} (one testcase per directive),
 * {@code results.json} (the records the report was made from), {@code matrix.json} and, when
 * there is a baseline, {@code comparison.json}. Reads only result records.
 */
public final class Report {
  private Report() {}

  /**
   * What a report is made of.
   *
   * @param current the run reported on
   * @param history earlier runs, oldest first (for the history charts; may include current)
   * @param comparison the comparison with the baseline, or null when there is none
   * @param notes things the reader should know (skipped steps, history warnings)
   */
  public record Input(RunResults current, List<RunResults> history, Comparison comparison, List<String> notes) {
    public Input {
      history = List.copyOf(history);
      notes = List.copyOf(notes);
    }

    /** The history with the current run last (once). */
    List<RunResults> timeline() {
      List<RunResults> out = new ArrayList<>();
      for (RunResults r : history) {
        if (!r.run().id().equals(current.run().id())) {
          out.add(r);
        }
      }
      out.add(current);
      out.sort(Comparator.comparing(r -> r.run().started()));
      return out;
    }

    double threshold() {
      return comparison == null ? Regressions.Settings.DEFAULT.threshold() : comparison.settings().threshold();
    }
  }

  /** Where the report went and what it holds. */
  public record Output(Path dir, Path html, Path markdown, Path junit, List<Figure> figures, List<String> problems) {}

  /**
   * Renders every chart the records allow, in report order. A chart that cannot be rendered
   * is left out and described in {@code problems}, so one odd record never costs the report.
   */
  public static List<Figure> figures(Input in, List<String> problems) {
    RunResults r = in.current();
    List<String> runtimes = new ArrayList<>();
    r.cases().forEach(c -> runtimes.add(c.runtime()));
    in.timeline().forEach(x -> x.measurements().forEach(m -> runtimes.add(m.runtime())));
    Charts charts = new Charts(runtimes);
    List<Figure> out = new ArrayList<>();
    List<Measurement> ms = r.measurements();
    String baseline = in.comparison() == null ? null : in.comparison().baselineRun();
    render(out, problems, "conformance heat map", () -> r.cases().isEmpty() ? List.of() : List.of(charts.heatMap(r.matrix())));
    render(out, problems, "time per phase", () -> charts.phaseBars(ms));
    render(out, problems, "density", () -> optional(charts.density(ms)));
    render(out, problems, "ABI throughput", () -> optional(charts.abiThroughput(ms)));
    render(out, problems, "call throughput", () -> optional(charts.callThroughput(ms)));
    render(out, problems, "wasi:http", () -> charts.http(ms));
    render(out, problems, "history", () -> charts.history(in.timeline(), baseline, in.threshold()));
    return out;
  }

  private static void render(List<Figure> out, List<String> problems, String what,
      java.util.function.Supplier<List<Figure>> chart) {
    try {
      out.addAll(chart.get());
    } catch (RuntimeException e) {
      problems.add("the " + what + " chart could not be rendered: " + e.getMessage());
    }
  }

  private static List<Figure> optional(Figure f) {
    return f == null ? List.of() : List.of(f);
  }

  /**
   * Writes the report under {@code outRoot/<run-id>/} and repoints {@code outRoot/latest}.
   * Each file is written to a temporary file and renamed into place; other files in the
   * directory (e.g. the raw outputs of nightly's steps) are left alone.
   */
  public static Output write(Input in, Path outRoot) throws IOException {
    String id = in.current().run().id();
    Path dir = outRoot.resolve(id);
    Files.createDirectories(dir);
    List<String> problems = new ArrayList<>();
    List<Figure> figures = figures(in, problems);
    if (!problems.isEmpty()) {
      List<String> notes = new ArrayList<>(in.notes());
      notes.addAll(problems);
      in = new Input(in.current(), in.history(), in.comparison(), notes);
    }
    ConformanceMatrix matrix = in.current().matrix();
    Input input = in;
    ResultsJson.writeAtomically(dir.resolve("index.html"),
        out -> out.write(Html.render(input, figures, matrix).getBytes(StandardCharsets.UTF_8)));
    ResultsJson.writeAtomically(dir.resolve("summary.md"),
        out -> out.write(Markdown.render(input, matrix).getBytes(StandardCharsets.UTF_8)));
    JUnitXml.write(in.current().cases(), dir.resolve("junit.xml"));
    ResultsJson.write(in.current(), dir.resolve("results.json"));
    ResultsJson.writeValue(matrix, dir.resolve("matrix.json"));
    if (in.comparison() != null) {
      ResultsJson.writeValue(in.comparison(), dir.resolve("comparison.json"));
    } else {
      Files.deleteIfExists(dir.resolve("comparison.json"));
    }
    pointLatest(outRoot, id);
    return new Output(dir, dir.resolve("index.html"), dir.resolve("summary.md"), dir.resolve("junit.xml"), figures, problems);
  }

  /** Repoints {@code outRoot/latest} at {@code id} atomically (a relative symbolic link). */
  static void pointLatest(Path outRoot, String id) throws IOException {
    Path latest = outRoot.resolve("latest");
    Path link = outRoot.resolve(".latest." + ProcessHandle.current().pid() + ".tmp");
    Files.deleteIfExists(link);
    try {
      Files.createSymbolicLink(link, Path.of(id));
      Files.move(link, latest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (UnsupportedOperationException | FileSystemException e) {
      // no symbolic links here (or latest is a real directory): copy the report instead
      Files.deleteIfExists(link);
      if (Files.isDirectory(latest, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        deleteTree(latest);
      } else {
        Files.deleteIfExists(latest);
      }
      copyTree(outRoot.resolve(id), latest);
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Files.copy(p, to.resolve(from.relativize(p).toString()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}

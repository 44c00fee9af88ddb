package dev.trellis.reports;

import dev.trellis.harness.results.RunResults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The report step shared by {@code trellis report} and {@code trellis nightly}: read the
 * history, pick the baseline, compare, write the report, then append the run to the history.
 * The history is appended last, so a run killed before that leaves the history as it was.
 */
public final class Reporting {
  private Reporting() {}

  /** The baseline meaning "the latest earlier run in the history" (the default). */
  public static final String PREVIOUS = "previous";
  /** The baseline meaning "compare with nothing". */
  public static final String NONE = "none";

  /**
   * @param outRoot where run directories and {@code latest} go
   * @param history the history file, or null for none
   * @param append whether to append this run to the history
   * @param baseline {@link #PREVIOUS}, {@link #NONE}, a run id or label in the history, or a
   *     results file or directory
   * @param settings the regression settings
   * @param notes notes for the report (e.g. steps that did not run)
   */
  public record Options(Path outRoot, Path history, boolean append, String baseline, Regressions.Settings settings, List<String> notes) {
    public Options {
      baseline = baseline == null || baseline.isBlank() ? PREVIOUS : baseline;
      notes = List.copyOf(notes);
    }
  }

  /** What happened. */
  public record Result(Report.Output output, Comparison comparison, Optional<String> baselineRun, boolean appended,
      List<String> notes) {}

  /** Thrown when the baseline named cannot be found. */
  public static final class UnknownBaseline extends Exception {
    UnknownBaseline(String message) {
      super(message);
    }
  }

  public static Result run(RunResults current, Options o) throws IOException, UnknownBaseline {
    List<String> notes = new ArrayList<>(o.notes());
    History history = o.history() == null ? null : new History(o.history());
    History.Contents past = history == null ? new History.Contents(List.of(), List.of()) : history.read();
    notes.addAll(past.warnings());
    RunResults baseline = baseline(current, o.baseline(), past, notes);
    Comparison comparison = baseline == null ? null : Regressions.compare(current, baseline, o.settings());
    Report.Output out = Report.write(new Report.Input(current, past.runs(), comparison, notes), o.outRoot());
    boolean appended = false;
    if (history != null && o.append()) {
      appended = history.append(current);
    }
    return new Result(out, comparison, Optional.ofNullable(baseline).map(b -> b.run().id()), appended, notes);
  }

  private static RunResults baseline(RunResults current, String name, History.Contents past, List<String> notes)
      throws IOException, UnknownBaseline {
    if (name.equals(NONE)) {
      return null;
    }
    if (name.equals(PREVIOUS)) {
      Optional<RunResults> prev = past.previous(current.run().id());
      if (prev.isEmpty()) {
        notes.add("no earlier run in the history: this run becomes the first baseline");
      }
      return prev.orElse(null);
    }
    Optional<RunResults> named = past.find(name);
    if (named.isPresent()) {
      if (named.get().run().id().equals(current.run().id())) {
        throw new UnknownBaseline("baseline '" + name + "' is this run itself");
      }
      return named.get();
    }
    Path p = Path.of(name);
    if (Files.exists(p)) {
      List<Path> files = ResultsFiles.find(p);
      if (files.isEmpty()) {
        throw new UnknownBaseline("no Trellis results under " + p);
      }
      ResultsFiles.Merged m = ResultsFiles.load(files);
      notes.addAll(m.warnings());
      return m.results();
    }
    throw new UnknownBaseline("no run '" + name + "' in the history (by id or label), and no such results file");
  }
}

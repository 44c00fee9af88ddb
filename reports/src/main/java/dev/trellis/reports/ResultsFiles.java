package dev.trellis.reports;

import dev.trellis.harness.results.CaseResult;
import dev.trellis.harness.results.Measurement;
import dev.trellis.harness.results.ResultsJson;
import dev.trellis.harness.results.RunInfo;
import dev.trellis.harness.results.RunResults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Finding, reading and merging results documents (from certify, bench, wast --json). */
public final class ResultsFiles {
  private ResultsFiles() {}

  /**
   * The results documents at {@code path}: the file itself, or every results document under
   * the directory (recursively, sorted), skipping the report's own copies in a
   * {@code reports/out} tree's {@code latest} link.
   */
  public static List<Path> find(Path path) throws IOException {
    if (!Files.exists(path)) {
      throw new NoSuchFileException(path.toString(), null, "no such file or directory");
    }
    if (Files.isRegularFile(path)) {
      return List.of(path);
    }
    try (Stream<Path> s = Files.walk(path)) {
      return s.filter(ResultsJson::isResults).sorted().toList();
    }
  }

  /** What merging found besides the results. */
  public record Merged(RunResults results, List<Path> files, List<String> warnings) {}

  /**
   * Reads every document and merges them into one run: the metadata of the earliest-started
   * document (finished = the latest finish), all measurements, and all cases (a case reported
   * twice keeps its last result, with a warning). Identical documents count once.
   */
  public static Merged load(List<Path> files) throws IOException {
    List<RunResults> docs = new ArrayList<>();
    for (Path f : files) {
      docs.add(ResultsJson.read(f));
    }
    List<String> warnings = new ArrayList<>();
    return new Merged(merge(docs, warnings), files, warnings);
  }

  /** Merges documents as {@link #load} describes; {@code warnings} receives what it noticed. */
  public static RunResults merge(List<RunResults> docs, List<String> warnings) {
    if (docs.isEmpty()) {
      throw new IllegalArgumentException("nothing to merge");
    }
    List<RunResults> unique = new ArrayList<>(new LinkedHashSet<>(docs));
    if (unique.size() < docs.size()) {
      warnings.add((docs.size() - unique.size()) + " duplicate results document(s) counted once");
    }
    RunResults first = unique.stream().min(Comparator.comparing((RunResults r) -> r.run().started())).orElseThrow();
    var finished = unique.stream().map(r -> r.run().finished()).filter(java.util.Objects::nonNull)
        .max(Comparator.naturalOrder()).orElse(null);
    RunInfo run = new RunInfo(first.run().id(), first.run().label(), first.run().started(), finished,
        first.run().gitCommit(), first.run().machine());
    Map<String, CaseResult> cases = new LinkedHashMap<>();
    List<Measurement> measurements = new ArrayList<>();
    int duplicates = 0;
    for (RunResults r : unique) {
      for (CaseResult c : r.cases()) {
        if (cases.put(c.key(), c) != null) {
          duplicates++;
        }
      }
      measurements.addAll(r.measurements());
    }
    if (duplicates > 0) {
      warnings.add(duplicates + " case(s) were reported more than once; the last result of each was kept");
    }
    return new RunResults(run, new ArrayList<>(cases.values()), measurements);
  }
}

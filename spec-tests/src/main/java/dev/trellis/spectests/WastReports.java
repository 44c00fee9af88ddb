package dev.trellis.spectests;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.harness.results.CaseResult;
import dev.trellis.harness.results.Outcome;
import dev.trellis.harness.results.ResultsJson;
import dev.trellis.harness.results.RunInfo;
import dev.trellis.harness.results.RunResults;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Text and JSON renderings of spec-test runs, as {@code trellis wast} prints and writes them. */
public final class WastReports {
  private WastReports() {}

  /**
   * {@code N passed, N failed, N skipped, N unsupported} (and the expected failures, when there
   * are any): unsupported cases are always counted, apart from failures.
   */
  public static String counts(long passed, long failed, long skipped, long unsupported, long expected) {
    return passed + " passed, " + failed + " failed, " + skipped + " skipped, " + unsupported + " unsupported"
        + (expected > 0 ? ", " + expected + " expected failure" + (expected == 1 ? "" : "s") : "");
  }

  public static String line(FileReport f) {
    return f.file() + ": " + counts(f.passed(), f.failed(), f.skipped(), f.unsupported(), f.expectedFailures());
  }

  public static String total(List<FileReport> files) {
    return counts(sum(files, Outcome.PASSED), sum(files, Outcome.FAILED), sum(files, Outcome.SKIPPED),
        sum(files, Outcome.UNSUPPORTED), sum(files, Outcome.EXPECTED_FAILURE));
  }

  public static long sum(List<FileReport> files, Outcome o) {
    return files.stream().mapToLong(f -> f.count(o)).sum();
  }

  /**
   * The per-file view: {@code {"runtime", "mode", "files": [{"file", "suite", "mode", "passed",
   * "failed", "skipped", "unsupported", "expectedFailures", "cases": [{"line", "directive",
   * "outcome", "message"}]}]}}, outcomes spelled as {@link Outcome#id()}; a file's mode is the
   * run's ({@code validate} for a wasm-tools script on a runtime).
   */
  public static ObjectNode json(String runtime, String mode, List<FileReport> files) {
    ObjectMapper m = new ObjectMapper();
    ObjectNode root = m.createObjectNode();
    root.put("runtime", runtime);
    root.put("mode", mode);
    ArrayNode fs = root.putArray("files");
    for (FileReport f : files) {
      ObjectNode o = fs.addObject();
      o.put("file", f.file());
      o.put("suite", f.suite());
      o.put("mode", f.mode());
      o.put("passed", f.passed());
      o.put("failed", f.failed());
      o.put("skipped", f.skipped());
      o.put("unsupported", f.unsupported());
      o.put("expectedFailures", f.expectedFailures());
      ArrayNode cases = o.putArray("cases");
      for (CaseReport c : f.cases()) {
        ObjectNode x = cases.addObject();
        x.put("line", c.line());
        x.put("directive", c.directive());
        x.put("outcome", c.outcome().id());
        if (c.message() == null) {
          x.putNull("message");
        } else {
          x.put("message", c.message());
        }
      }
    }
    return root;
  }

  /**
   * Writes the run to {@code out} (atomically) as one document that is both a Trellis results
   * document ({@code "format": "trellis-results/1"}, {@code run}, {@code cases} as
   * {@link CaseResult}s: what {@code trellis report} reads) and {@link #json}'s per-file view
   * ({@code runtime}, {@code mode}, {@code files}).
   */
  public static void writeJson(Path out, String runtime, String mode, List<FileReport> files, RunInfo run)
      throws IOException {
    List<CaseResult> cases = files.stream().flatMap(f -> f.toCaseResults(runtime).stream()).toList();
    ObjectNode doc = ResultsJson.mapper().valueToTree(new RunResults(run, cases, List.of()));
    doc.setAll(json(runtime, mode, files));
    ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
        .configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
    ResultsJson.writeAtomically(out, w -> m.writeValue(w, doc));
  }
}

package dev.trellis.reports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.harness.results.Outcome;
import dev.trellis.harness.results.ResultsJson;
import dev.trellis.harness.results.RunResults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
  /** Three earlier runs and a fourth whose nop phases are 20% slower and one case regressed. */
  static Report.Input sampleInput() {
    List<RunResults> history = List.of(Fixtures.fullRun("run-1", 0, 10, 1.0), Fixtures.fullRun("run-2", 1, 20, 1.0),
        Fixtures.fullRun("run-3", 2, 30, 1.0));
    RunResults now = Fixtures.fullRun("run-4", 3, 40, 1.2);
    List<dev.trellis.harness.results.CaseResult> cases = new ArrayList<>(now.cases());
    cases.set(1, Fixtures.kase("alpha", "resources.wast", 2, Outcome.FAILED, "resources"));
    now = new RunResults(now.run(), cases, now.measurements());
    Comparison c = Regressions.compare(now, history.getLast(), Regressions.Settings.DEFAULT);
    return new Report.Input(now, history, c, List.of("synthetic test data"));
  }

  @Test
  void writesEveryArtifactAndPointsLatestAtTheRun(@TempDir Path out) throws Exception {
    Report.Input in = sampleInput();
    assertThat(in.comparison().caseRegressions()).hasSize(1);
    assertThat(in.comparison().metricRegressions()).extracting(Comparison.MetricChange::workload).containsOnly("nop");
    Report.Output o = Report.write(in, out);
    assertThat(o.problems()).isEmpty();
    assertThat(o.dir()).isEqualTo(out.resolve("run-4"));
    for (String f : List.of("index.html", "summary.md", "junit.xml", "results.json", "matrix.json", "comparison.json")) {
      assertThat(o.dir().resolve(f)).isNotEmptyFile();
    }
    assertThat(Files.isSymbolicLink(out.resolve("latest"))).isTrue();
    assertThat(out.resolve("latest").toRealPath()).isEqualTo(o.dir().toRealPath());
    assertThat(ResultsJson.read(o.dir().resolve("results.json"))).isEqualTo(in.current());
    assertThat(o.figures()).extracting(Figure::section)
        .contains("conformance", "phases", "density", "throughput", "http", "history");
    assertThat(o.figures()).allSatisfy(f -> assertThat(f.png()).startsWith(0x89, 'P', 'N', 'G'));
    String html = Files.readString(o.html());
    assertThat(html).doesNotContain("http://", "https://", "<script");
    assertThat(html.split("<img class=\"chart\"", -1)).hasSize(o.figures().size() + 1);
    String md = Files.readString(o.markdown());
    assertThat(md).contains("❌").contains("alpha component-model resources.wast:2 assert_return").contains("| alpha |");
    // a second report of another run moves latest; the first stays
    RunResults other = Fixtures.fullRun("run-5", 4, 50, 1.0);
    Report.write(new Report.Input(other, List.of(), null, List.of()), out);
    assertThat(out.resolve("latest").toRealPath()).isEqualTo(out.resolve("run-5").toRealPath());
    assertThat(out.resolve("run-4/index.html")).exists();
    assertThat(Files.readString(out.resolve("run-5/summary.md"))).contains("No baseline");
    // rewriting a run's report keeps other files in its directory (nightly's step outputs)
    Files.writeString(out.resolve("run-5/certify.log"), "kept");
    Report.write(new Report.Input(other, List.of(), null, List.of()), out);
    assertThat(out.resolve("run-5/certify.log")).hasContent("kept");
  }

  @Test
  void mergesResultsDocumentsFoundUnderADirectory(@TempDir Path dir) throws Exception {
    RunResults a = Fixtures.fullRun("run-a", 0, 1, 1.0);
    RunResults b = new RunResults(Fixtures.run("run-b", 1), a.cases().subList(0, 3), a.measurements().subList(0, 2));
    ResultsJson.write(a, dir.resolve("certify/results.json"));
    ResultsJson.write(b, dir.resolve("bench/deep/results.json"));
    ResultsJson.write(a, dir.resolve("copy.json"));
    Files.writeString(dir.resolve("bench/jmh.json"), "[]");
    List<Path> found = ResultsFiles.find(dir);
    assertThat(found).hasSize(3);
    ResultsFiles.Merged m = ResultsFiles.load(found);
    assertThat(m.results().run().id()).isEqualTo("run-a");
    assertThat(m.results().run().finished()).isEqualTo(b.run().finished());
    assertThat(m.results().cases()).hasSize(a.cases().size());
    assertThat(m.results().measurements()).hasSize(a.measurements().size() + 2);
    assertThat(m.warnings()).anyMatch(w -> w.contains("duplicate results document"))
        .anyMatch(w -> w.contains("3 case(s) were reported more than once"));
  }

  @Test
  void aRunWithoutMeasurementsStillRendersItsConformance(@TempDir Path out) throws Exception {
    RunResults r = new RunResults(Fixtures.run("only-cases", 0),
        List.of(Fixtures.kase("alpha", "a.wast", 1, Outcome.PASSED, "strings")), List.of());
    Report.Output o = Report.write(new Report.Input(r, List.of(), null, List.of()), out);
    assertThat(o.figures()).extracting(Figure::section).containsExactly("conformance");
    assertThat(Files.readString(o.html())).contains("No measurements in this run");
  }
}

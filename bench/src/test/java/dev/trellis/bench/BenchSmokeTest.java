package dev.trellis.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.harness.results.Measurement;
import dev.trellis.harness.results.ResultsJson;
import dev.trellis.harness.results.RunResults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The smoke profile end to end on the reference engine and Chicory: the plumbing, not the
 * speed — every section produces the records the report reads, JMH's JSON is written, the
 * ratios are named, nothing failed. (The numbers of a smoke run mean nothing.)
 */
class BenchSmokeTest {
  @Test
  void smokeProfileWritesMeasurementsOfEverySection(@TempDir Path out) throws Exception {
    java.io.StringWriter progress = new java.io.StringWriter();
    BenchRun.Result r = BenchRun.run(new BenchRun.Options(Profile.SMOKE, List.of("trellis", "chicory"), out,
        EnumSet.allOf(BenchRun.Section.class), new java.io.PrintWriter(progress, true)));
    String printed = progress.toString();

    assertThat(r.failures()).as(printed).isEmpty();
    RunResults doc = ResultsJson.read(out.resolve("results.json"));
    assertThat(doc.run().machine().runtimeVersions()).containsKeys("trellis", "chicory");
    assertThat(doc.run().machine().cores()).isPositive();
    List<Measurement> ms = doc.measurements();
    Set<String> trellisPhases = ms.stream().filter(m -> m.runtime().equals("trellis") && m.workload().equals("nop"))
        .map(Measurement::phase).collect(Collectors.toSet());
    assertThat(trellisPhases).contains("decode", "validate", "compile", "instantiate", "instantiate-cold", "call",
        "throughput", "density");
    assertThat(ms).anySatisfy(m -> {
      assertThat(m.runtime()).isEqualTo("chicory");
      assertThat(m.workload()).isEqualTo("sha256");
      assertThat(m.phase()).isEqualTo("call");
      assertThat(m.params()).containsEntry("form", "core");
    });
    assertThat(ms).anySatisfy(m -> {
      assertThat(m.runtime()).isEqualTo("trellis");
      assertThat(m.workload()).isEqualTo("list-u8-in");
      assertThat(m.unit()).isEqualTo("MB/s");
      assertThat(m.params()).containsEntry("bytes", "1024");
    });
    assertThat(ms).anySatisfy(m -> {
      assertThat(m.runtime()).isEqualTo(Measurement.JDK);
      assertThat(m.workload()).isEqualTo("arraycopy");
    });
    assertThat(ms).anySatisfy(m -> {
      assertThat(m.runtime()).isEqualTo("trellis");
      assertThat(m.phase()).isEqualTo("density");
      assertThat(m.metric()).isEqualTo("retained-heap");
      assertThat(m.params()).containsEntry("instances", "10");
      // an instance holds at least its 64 KiB page of linear memory
      assertThat(m.samples()).allSatisfy(s -> assertThat(s).isGreaterThan(60_000));
    });
    assertThat(ms).anySatisfy(m -> {
      assertThat(m.runtime()).isEqualTo(Measurement.JDK);
      assertThat(m.workload()).isEqualTo("http-ceiling");
      assertThat(m.unit()).isEqualTo("req/s");
      assertThat(m.samples()).allSatisfy(s -> assertThat(s).isPositive());
    });
    assertThat(ms).anySatisfy(m -> {
      assertThat(m.phase()).isEqualTo("ratio");
      assertThat(m.workload()).isEqualTo("host-to-guest-nop");
    });
    assertThat(ms).allSatisfy(m -> assertThat(m.samples()).allSatisfy(s -> assertThat(s).isFinite()));

    JsonNode jmh = new ObjectMapper().readTree(out.resolve("jmh.json").toFile());
    assertThat(jmh.isArray()).isTrue();
    assertThat(jmh.size()).isGreaterThan(10);
    assertThat(jmh.get(0).path("primaryMetric").path("rawData").isArray()).isTrue();
    assertThat(Files.readString(out.resolve("summary.txt"))).contains("component call / core call")
        .contains("no failures");
    assertThat(printed).contains("== JMH").contains("== density").contains("== wasi:http");
  }
}

package dev.trellis.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.harness.results.Machine;
import dev.trellis.harness.results.Measurement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ratios are ratios of medians of the right measurements. */
class RatiosTest {
  private static final Machine M = Machine.current();

  private static Measurement m(String rt, String wl, String phase, String unit, Map<String, String> params,
      Double... samples) {
    return new Measurement(rt, wl, phase, phase.equals("throughput") ? "bytes" : "time", unit, params,
        List.of(samples), M);
  }

  @Test
  void eachRatioComesFromItsPair() {
    List<Measurement> ms = List.of(
        m("trellis-compiler", "host-to-guest-nop", "call", "ns", Map.of("form", "component"), 190.0, 200.0, 900.0),
        m("trellis-compiler", "host-to-guest-nop", "call", "ns", Map.of("form", "core"), 100.0, 100.0, 1.0),
        m("trellis", "list-u8-in", "throughput", "MB/s", Map.of("bytes", "65536"), 500.0),
        m(Measurement.JDK, "arraycopy", "throughput", "MB/s", Map.of("bytes", "65536"), 10_000.0),
        m("trellis-compiler", "sha256", "call", "us", Map.of("form", "component"), 2.0),
        m("chicory-compiler", "sha256", "call", "ms", Map.of("form", "core"), 0.003),
        m("graalwasm", "sha256", "call", "us", Map.of("form", "core"), 1.0),
        m("trellis", "hello-http", "instantiate", "us", Map.of("form", "component"), 40.0),
        m("wasmtime", "hello-http", "instantiate", "us", Map.of("form", "component"), 20.0),
        new Measurement("trellis", "nop", "density", "retained-heap", "bytes", Map.of("instances", "1000"),
            List.of(65536.0 * 3), M));
    Ratios r = Ratios.of(ms, M);
    String text = String.join("\n", r.lines);
    assertThat(text).contains("host-to-guest-nop 200 ns / 100 ns = 2.00x");
    assertThat(text).contains("= 5.0%");
    assertThat(text).contains("chicory-compiler 3.00 us (1.50x)").contains("graalwasm 1.00 us (0.50x)");
    assertThat(text).contains("wasmtime 20.0 us (2.00x)");
    assertThat(text).contains("192 KiB per instance at 1000 instances (1.50x the goal)");
    assertThat(r.measurements).anySatisfy(x -> {
      assertThat(x.workload()).isEqualTo("host-to-guest-nop");
      assertThat(x.metric()).isEqualTo("component/core");
      assertThat(x.samples()).containsExactly(2.0);
    });
    assertThat(r.measurements).anySatisfy(x -> {
      assertThat(x.phase()).isEqualTo("ratio");
      assertThat(x.workload()).isEqualTo("kernels");
      assertThat(x.params()).containsEntry("against", "chicory-compiler");
      assertThat(x.samples()).containsExactly(1.5);
    });
  }

  @Test
  void pairedRatiosWinOverSeparateForks() {
    List<Measurement> ms = List.of(
        m("trellis-compiler", "host-to-guest-nop", "call", "ns", Map.of("form", "component"), 300.0),
        m("trellis-compiler", "host-to-guest-nop", "call", "ns", Map.of("form", "core"), 100.0),
        new Measurement("trellis-compiler", "host-to-guest-nop", "ratio", "paired-time-ratio", "x",
            Map.of("against", "core"), List.of(1.4, 1.5, 9.0), M),
        new Measurement("trellis-compiler", "sha256", "ratio", "paired-time-ratio", "x",
            Map.of("against", "chicory-compiler"), List.of(0.5, 0.5, 0.4), M));
    Ratios r = Ratios.of(ms, M);
    String text = String.join("\n", r.lines);
    assertThat(text).contains("host-to-guest-nop 1.50x paired (JMH 3.00x)");
    // the paired ratio is trellis time / chicory time; the speed is its inverse
    assertThat(text).contains("chicory-compiler 2.00x paired");
    assertThat(text).contains("geometric mean: 2.00x vs chicory-compiler");
  }
}

package dev.trellis.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.bench.engines.Drivers;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What each profile asks JMH for. */
class JmhPlanTest {
  private static final List<String> GRAAL = List.of("--add-modules=org.graalvm.polyglot");

  @Test
  void quickCoversEveryInProcessEngineWithTheRatiosWorkloads() {
    List<JmhSection.Group> groups = JmhSection.plan(Profile.QUICK, Drivers.IN_PROCESS, GRAAL);
    for (String rt : Drivers.IN_PROCESS) {
      assertThat(groups).as(rt).anySatisfy(g -> assertThat(g.params().get("runtime")).contains(rt));
    }
    assertThat(groups).anySatisfy(g -> {
      assertThat(g.bench()).isEqualTo(PhaseBench.class);
      assertThat(g.params().get("runtime")).containsExactly("wasmtime");
      assertThat(g.params().get("workload")).contains("hello-http");
      assertThat(g.methods()).contains("instantiate");
    });
    assertThat(groups).anySatisfy(g -> {
      assertThat(g.bench()).isEqualTo(AbiBench.class);
      assertThat(g.params().get("size")).containsExactly("1", "1024", "65536", "1048576");
    });
    assertThat(groups).filteredOn(g -> g.jvmArgs().equals(GRAAL)).isNotEmpty()
        .allSatisfy(g -> assertThat(g.params().get("runtime")).containsExactly("graalwasm"));
    int total = groups.stream().mapToInt(JmhSection.Group::benchmarks).sum();
    assertThat(total).isBetween(60, 100);
    assertThat(groups).noneMatch(JmhSection.Group::singleShot);
  }

  @Test
  void fullTimesTheJsComponentOneOperationAtATimeAndEveryKernelEverywhere() {
    List<JmhSection.Group> groups = JmhSection.plan(Profile.FULL, Drivers.IN_PROCESS, null);
    assertThat(groups).noneMatch(g -> g.params().getOrDefault("runtime", List.of()).contains("graalwasm"));
    assertThat(groups).filteredOn(g -> g.params().getOrDefault("workload", List.of()).contains("hello-js"))
        .isNotEmpty().allMatch(JmhSection.Group::singleShot);
    assertThat(groups).anySatisfy(g -> {
      assertThat(g.params().get("runtime")).containsExactly("chicory");
      assertThat(g.params().get("workload")).contains("sha256", "json", "regex", "matrix");
    });
  }
}

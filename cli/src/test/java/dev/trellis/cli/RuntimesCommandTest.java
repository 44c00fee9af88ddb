package dev.trellis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.harness.adapters.Processes;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code trellis runtimes} on this machine: what CI installs must be found. */
class RuntimesCommandTest {
  @Test
  void findsEveryRuntimeCiInstallsAndSaysWhyOthersAreMissing() throws Exception {
    TestRuns.Ran r = TestRuns.cli("runtimes", "--json");
    assertThat(r.code()).as(r.err()).isZero();
    Map<String, JsonNode> byId = new HashMap<>();
    new ObjectMapper().readTree(r.out()).forEach(n -> byId.put(n.path("id").asText(), n));
    assertThat(byId).containsKeys("trellis", "trellis-compiler", "wasmtime", "wasmtime-cli", "jco", "workerd", "chicory",
        "chicory-compiler", "graalwasm", "spin");
    for (String id : new String[] {"trellis", "trellis-compiler", "wasmtime", "jco", "workerd", "chicory", "graalwasm"}) {
      JsonNode n = byId.get(id);
      assertThat(n.path("found").asBoolean()).as("%s: %s", id, n).isTrue();
      assertThat(n.path("version").asText()).as(id).isNotBlank();
      assertThat(n.path("features")).as(id).isNotEmpty();
    }
    assertThat(byId.get("wasmtime").path("version").asText()).isEqualTo("49.0.0");
    assertThat(byId.get("jco").path("version").asText()).isEqualTo("1.35.0");
    assertThat(byId.get("jco").path("detail").asText()).contains("preview2-shim 0.26.0");
    assertThat(byId.get("graalwasm").path("detail").asText()).startsWith("JIT: ");
    if (Processes.onPath("spin").isEmpty()) {
      assertThat(byId.get("spin").path("found").asBoolean()).isFalse();
      assertThat(byId.get("spin").path("reason").asText()).startsWith("not installed: spin is not on PATH");
      TestRuns.Ran req = TestRuns.cli("runtimes", "--require", "trellis,spin");
      assertThat(req.code()).isEqualTo(Main.FAILURES);
      assertThat(req.err()).contains("required runtime(s) missing: spin");
      assertThat(req.out()).contains("spin").contains("missing");
    }
    assertThat(TestRuns.cli("runtimes", "--require", "trellis,wasmtime").code()).isZero();
    assertThat(TestRuns.cli("runtimes", "--require", "nope").code()).isEqualTo(Main.USAGE);
  }
}

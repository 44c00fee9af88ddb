package dev.trellis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.engine.binary.ComponentDecoder;
import dev.trellis.engine.binary.Section;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code trellis parse} and {@code trellis wast --parse-only} on small files of their own. */
class ParseWastCommandTest {
  @TempDir
  Path dir;

  @Test
  void parseWritesTheBinaryBesideTheInput() throws Exception {
    Path wat = dir.resolve("c.wat");
    Files.writeString(wat, """
        (component
          (core module $m (func (export "f") (result i32) i32.const 7))
          (core instance $i (instantiate $m))
          (func (export "f") (result u32) (canon lift (core func $i "f"))))
        """);
    TestRuns.Ran r = TestRuns.cli("parse", wat.toString());
    assertThat(r.code()).as(r.err()).isZero();
    byte[] bytes = Files.readAllBytes(dir.resolve("c.wasm"));
    assertThat(ComponentDecoder.decode(bytes).sections()).extracting(s -> s.getClass().getSimpleName())
        .containsExactly("CoreModule", "CoreInstances", "Types", "Aliases", "Canons", "Exports");
    Path out = dir.resolve("x.wasm");
    assertThat(TestRuns.cli("parse", wat.toString(), "-o", out.toString()).code()).isZero();
    assertThat(Files.readAllBytes(out)).isEqualTo(bytes);
  }

  @Test
  void parseErrorsAreOneLineWithLineAndColumnAndExitTwo() throws Exception {
    Path wat = dir.resolve("bad.wat");
    Files.writeString(wat, "(component\n  (export \"x\" (func $nope)))\n");
    TestRuns.Ran r = TestRuns.cli("parse", wat.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("trellis: " + wat + ":2:21: unknown func: failed to find name `$nope`");
    assertThat(Files.exists(dir.resolve("bad.wasm"))).isFalse();
    assertThat(TestRuns.cli("parse", dir.resolve("missing.wat").toString()).code()).isEqualTo(2);
  }

  @Test
  void parseLenientAcceptsTheLegacyReferenceSyntax() throws Exception {
    Path wat = dir.resolve("legacy.wat");
    Files.writeString(wat, """
        (component
          (import "f" (func $f (param "x" string)))
          (core module $libc (memory (export "mem") 1))
          (core instance $libc (instantiate $libc))
          (core func (canon lower (func $f) (memory $libc "mem"))))
        """);
    TestRuns.Ran strict = TestRuns.cli("parse", wat.toString());
    assertThat(strict.code()).isEqualTo(2);
    assertThat(strict.err()).contains(":5:51: an export name must be written inside a nested reference");
    assertThat(TestRuns.cli("parse", "--lenient", wat.toString()).code()).isZero();
  }

  @Test
  void wastPrintsALinePerScriptAndTheTotals() throws Exception {
    Path good = dir.resolve("good.wast");
    Files.writeString(good, """
        (component $c (core module))
        (assert_malformed (component quote "(frob)") "unexpected token")
        (assert_invalid (component (export "x" (func 0))) "index out of bounds")
        (assert_return (invoke $c "f") (u32.const 1))
        """);
    Path bad = dir.resolve("bad.wast");
    Files.writeString(bad, """
        (component (export "x" (func $nope)))
        (assert_malformed (component quote "(core module)") "should not assemble")
        (assert_return (invoke "f") (u8.const 300))
        """);
    Path json = dir.resolve("out.json");
    Path none = dir.resolve("none.txt");
    TestRuns.Ran r = TestRuns.cli("wast", "--parse-only", "--expectations", none.toString(), "--json", json.toString(),
        good.toString(), bad.toString());
    assertThat(r.code()).isEqualTo(1);
    String[] lines = r.out().strip().split("\n");
    assertThat(lines[lines.length - 1]).isEqualTo("4 passed, 3 failed, 0 skipped, 0 unsupported");
    assertThat(r.out()).contains(bad + ": 0 passed, 3 failed, 0 skipped, 0 unsupported")
        .contains(good + ": 4 passed, 0 failed, 0 skipped, 0 unsupported")
        .contains("bad.wast:1 component: failed: does not assemble")
        .contains("bad.wast:2 assert_malformed: failed: assembled, but the script expects a text error");
    JsonNode doc = new ObjectMapper().readTree(json.toFile());
    // also a results document `trellis report` reads
    dev.trellis.harness.results.RunResults results = dev.trellis.harness.results.ResultsJson.read(json);
    assertThat(results.cases()).hasSize(7);
    assertThat(results.cases()).filteredOn(c -> c.outcome() == dev.trellis.harness.results.Outcome.FAILED).hasSize(3);
    assertThat(doc.get("runtime").asText()).isEqualTo("trellis");
    assertThat(doc.get("files")).hasSize(2);
    JsonNode badFile = doc.get("files").get(0);
    assertThat(badFile.get("file").asText()).endsWith("bad.wast");
    assertThat(badFile.get("failed").asInt()).isEqualTo(3);
    assertThat(badFile.get("unsupported").asInt()).isZero();
    assertThat(badFile.get("mode").asText()).isEqualTo("parse");
    JsonNode c = badFile.get("cases").get(2);
    assertThat(c.get("line").asInt()).isEqualTo(3);
    assertThat(c.get("directive").asText()).isEqualTo("assert_return");
    assertThat(c.get("outcome").asText()).isEqualTo("failed");
    assertThat(c.get("message").asText()).contains("out of range");
    assertThat(doc.get("files").get(1).get("cases").get(0).get("message").isNull()).isTrue();
  }

  @Test
  void wastHonoursTheExpectationsFile() throws Exception {
    Path script = dir.resolve("s.wast");
    Files.writeString(script, """
        (component (export "x" (func $nope)))
        (component (core module))
        (component (core module))
        """);
    Path exp = dir.resolve("exp.txt");
    Files.writeString(exp, script + ":1  fail  parse  waiting for \\$nope\n"
        + script + ":2  skip  *  not today\n");
    TestRuns.Ran r = TestRuns.cli("wast", "--parse-only", "-v", "--expectations", exp.toString(), script.toString());
    assertThat(r.code()).as(r.out()).isZero();
    assertThat(r.out()).contains("1 passed, 0 failed, 1 skipped, 0 unsupported, 1 expected failure")
        .contains("s.wast:2 component: skipped: not today");

    Files.writeString(exp, script + ":2  fail  parse  stale\n");
    TestRuns.Ran stale = TestRuns.cli("wast", "--parse-only", "--expectations", exp.toString(), script.toString());
    assertThat(stale.code()).isEqualTo(1);
    assertThat(stale.out()).contains("expected to fail (stale) but passed");
  }

  @Test
  void wastWithoutScriptsIsAUsageError() {
    TestRuns.Ran r = TestRuns.cli("wast", "--parse-only", dir.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("no .wast scripts found");
  }

  @Test
  void helpDescribesBothCommands() {
    assertThat(TestRuns.cli("parse", "--help").out()).contains("--lenient");
    assertThat(TestRuns.cli("wast", "--help").out()).contains("--parse-only").contains("--json").contains("expectations");
    assertThat(Section.class).isNotNull();
  }
}

package dev.trellis.wasiconformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.harness.Suites;
import dev.trellis.harness.results.CaseResult;
import dev.trellis.harness.results.Outcome;
import dev.trellis.harness.spi.Runtime;
import dev.trellis.harness.spi.Runtimes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Running a checkout laid out as WebAssembly/wasi-testsuite is ({@code --wasi-testsuite DIR}),
 * on the reference engine: its wasip1 core modules go through the preview1 adapter (here, a
 * plain wasip1 command of our own, {@code programs/p1/p1-files.c}), a test without a spec gets
 * the default one, its wasip3 tests need a runtime that declares WASI 0.3, and a spec in a form
 * the runner does not read is reported, not dropped.
 */
class WasiTestsuiteTest {
  @Test
  void runsAWasiTestsuiteCheckout(@TempDir Path tmp) throws Exception {
    Path repo = Suites.repoRoot();
    Path built = repo.resolve("wasi-conformance/target/wasi-programs");
    WasiSuite.build(repo, built);
    byte[] p1 = Files.readAllBytes(built.resolve("p1/p1-files.wasm"));

    Path checkout = tmp.resolve("wasi-testsuite");
    Path c = Files.createDirectories(checkout.resolve("tests/c/testsuite/wasm32-wasip1"));
    Files.writeString(c.resolve("manifest.json"), "{\"name\": \"WASI C tests\"}");
    Files.createDirectories(c.resolve("fs-tests.dir"));
    Files.writeString(c.resolve("fs-tests.dir/input.txt"), "twelve bytes");
    Files.write(c.resolve("p1-files.wasm"), p1);
    Files.writeString(c.resolve("p1-files.json"), """
        {"args": ["0", "two words"], "env": {"GREETING": "hi"}, "dirs": ["fs-tests.dir"],
         "exit_code": 0, "stdout": "arg 1: 0\\narg 2: two words\\nGREETING=hi\\ncopied 12 bytes\\n"}""");
    Files.write(c.resolve("p1-exit.wasm"), p1);
    // proc_exit(1) through the adapter is wasi:cli/exit's err: exit code 1.
    Files.writeString(c.resolve("p1-exit.json"), "{\"args\": [\"1\"], \"dirs\": [\"fs-tests.dir\"], \"exit_code\": 1}");
    Files.write(c.resolve("p1-no-spec.wasm"), p1); // default spec: exit 0 expected, but no preopen
    Path r = Files.createDirectories(checkout.resolve("tests/rust/testsuite/wasm32-wasip3"));
    Files.writeString(r.resolve("manifest.json"), "{\"name\": \"WASI Rust tests\"}");
    Files.write(r.resolve("p3-test.wasm"), p1);
    Files.write(r.resolve("old-form.wasm"), p1);
    Files.writeString(r.resolve("old-form.json"), "{\"protocol\": {\"type\": \"tcp\", \"port\": 3000}}");

    Path cache = tmp.resolve("cache");
    WasiTestsuite ts = WasiTestsuite.load(checkout, cache, repo.resolve("wasi-conformance/programs"));
    assertThat(ts.cases()).extracting(WasiCase::id).containsExactly(
        "tests/c/testsuite/wasm32-wasip1/p1-exit", "tests/c/testsuite/wasm32-wasip1/p1-files",
        "tests/c/testsuite/wasm32-wasip1/p1-no-spec", "tests/rust/testsuite/wasm32-wasip3/old-form",
        "tests/rust/testsuite/wasm32-wasip3/p3-test");
    assertThat(ts.cases()).extracting(WasiCase::area).containsExactly("wasip1", "wasip1", "wasip1", "wasip3", "wasip3");
    assertThat(ts.cases()).allMatch(x -> x.suite().equals(WasiTestsuite.ID));
    // One adapted component per distinct module, cached by content hash.
    Path[] adapted;
    try (var s = Files.list(cache)) {
      adapted = s.filter(p -> p.toString().endsWith(".wasm")).toArray(Path[]::new);
    }
    assertThat(adapted).hasSize(1);
    FileTime stamp = Files.getLastModifiedTime(adapted[0]);

    Map<String, CaseResult> results = new LinkedHashMap<>();
    try (Runtime rt = Runtimes.discover().open("trellis")) {
      WasiRunner runner = new WasiRunner(rt, WasiExpectations.none(), Duration.ofSeconds(60), ts::wasm);
      for (WasiCase x : ts.cases()) {
        results.put(x.id().substring(x.id().lastIndexOf('/') + 1), runner.run(x));
      }
    }
    assertThat(results.get("p1-files").outcome()).as(results.get("p1-files").message()).isEqualTo(Outcome.PASSED);
    assertThat(results.get("p1-exit").outcome()).as(results.get("p1-exit").message()).isEqualTo(Outcome.PASSED);
    assertThat(results.get("p1-no-spec").outcome()).isEqualTo(Outcome.FAILED);
    assertThat(results.get("p1-no-spec").message()).startsWith("exit code 1, expected 0");
    assertThat(results.get("p3-test").outcome()).isEqualTo(Outcome.UNSUPPORTED);
    assertThat(results.get("p3-test").message()).contains("wasi-p3");
    assertThat(results.get("old-form").outcome()).isEqualTo(Outcome.UNSUPPORTED);
    assertThat(results.get("old-form").message()).contains("\"protocol\" form");

    // A second load adapts nothing: the cached component is reused.
    WasiTestsuite.load(checkout, cache, repo.resolve("wasi-conformance/programs"));
    assertThat(Files.getLastModifiedTime(adapted[0])).isEqualTo(stamp);
  }
}

package dev.trellis.bench.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.bench.engines.EngineDriver;
import dev.trellis.bench.engines.TrellisDriver;
import dev.trellis.engine.runtime.Instance;
import dev.trellis.engine.runtime.Val;
import dev.trellis.engine.text.ComponentWat;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The committed fixtures match their sources, and the kernels compute what Java computes. */
class WorkloadsTest {
  @ParameterizedTest
  @CsvSource({"wat/nop.wat, nop.wasm", "wat/params.wat, params.wasm", "wat/payloads.wat, payloads.wasm",
      "wat/nop-core.wat, nop.core.wasm", "wat/params-core.wat, params.core.wasm"})
  void watFixturesAreTheirSourcesAssembled(String source, String fixture) {
    String text = new String(Workloads.bytes(source), StandardCharsets.UTF_8);
    byte[] assembled = ComponentWat.assemble(text, source, ComponentWat.Options.DEFAULT);
    assertThat(java.util.Arrays.equals(assembled, Workloads.bytes(fixture)))
        .as("%s is not %s assembled: run scripts/build-workloads", fixture, source).isTrue();
  }

  @Test
  void everyFixtureIsThere() {
    for (Workload w : Workloads.ALL) {
      if (w.hasComponent()) {
        assertThat(dev.trellis.harness.spi.Wasm.kindOf(w.componentBytes())).as(w.component())
            .isEqualTo(dev.trellis.harness.spi.Wasm.Kind.COMPONENT);
      }
      if (w.hasCore()) {
        assertThat(dev.trellis.harness.spi.Wasm.kindOf(w.coreBytes())).as(w.core())
            .isEqualTo(dev.trellis.harness.spi.Wasm.Kind.CORE_MODULE);
      }
    }
    assertThat(Workloads.bytes("c/sha256.c")).isNotEmpty();
    assertThat(Workloads.bytes("js/hello.js")).isNotEmpty();
  }

  /** The C kernels, run as components on the reference engine, agree with the independent Java checks. */
  @ParameterizedTest
  @CsvSource({"sha256, 0", "sha256, 55", "sha256, 56", "sha256, 64", "sha256, 1000", "json, 1", "json, 7",
      "regex, 1", "regex, 40", "matrix, 1", "matrix, 5"})
  void kernelsAgreeWithJava(String kernel, int n) {
    try (EngineDriver d = TrellisDriver.compiler()) {
      Workload w = Workloads.byName(kernel);
      Instance inst = (Instance) d.instantiate(d.compile(d.compileInput(w.componentBytes())));
      Val r = inst.func("run").call(new Val.U32(n));
      assertThat(r).isEqualTo(new Val.U32(KernelChecks.expected(kernel, n)));
    }
  }

  @Test
  void javaChecksAreThemselvesRight() {
    // sha-256 of the empty input starts e3b0c442 (FIPS 180-4 test vector)
    assertThat(KernelChecks.expected("sha256", 0)).isEqualTo(0xe3b0c442L);
    // a 1x1 matrix: A = 0/8 - 1 = -1, B = 0/4 - 1.5 = -1.5, C = 1.5, weighted by row 1, times 32
    assertThat(KernelChecks.expected("matrix", 1)).isEqualTo(48);
    assertThat(KernelChecks.jsonDocument(1)).startsWith("[\n  {\"id\": 0, \"name\": \"item-0\"");
    assertThat(KernelChecks.regexLines(3)).hasSize(3).allSatisfy(l -> assertThat(l).matches("[a-z0-9@. -]+"));
  }

  @Test
  void theHelloComponentValidatesImportingWasiHttpAndExportingTheHandler() {
    var type = dev.trellis.engine.link.Component.fromBinary(new dev.trellis.engine.runtime.Engine(),
        Workloads.HELLO_HTTP.componentBytes()).type();
    assertThat(type.exports()).containsOnlyKeys("wasi:http/incoming-handler@0.2.12");
    assertThat(type.imports()).containsKey("wasi:http/types@0.2.12");
  }

  /** The 14 MB JS component is only decoded here (validating it takes the engine most of a minute). */
  @Test
  void theJsComponentImportsWasiHttpAndExportsTheHandler() {
    var c = dev.trellis.engine.binary.ComponentDecoder.decode(Workloads.HELLO_JS.componentBytes());
    List<String> imports = new java.util.ArrayList<>();
    List<String> exports = new java.util.ArrayList<>();
    for (var s : c.sections()) {
      if (s instanceof dev.trellis.engine.binary.Section.Imports i) {
        i.items().forEach(x -> imports.add(x.name().name()));
      } else if (s instanceof dev.trellis.engine.binary.Section.Exports e) {
        e.items().forEach(x -> exports.add(x.name().name()));
      }
    }
    assertThat(imports).contains("wasi:http/types@0.2.12", "wasi:io/streams@0.2.12");
    assertThat(exports).containsExactly("wasi:http/incoming-handler@0.2.12");
  }

  @Test
  void coreWatAssemblesTheHelloHandlersCoreModule() {
    String text = new String(Workloads.bytes("wat/hello-http.core.wat"), StandardCharsets.UTF_8);
    byte[] core = ComponentWat.assemble(text, "hello-http.core.wat", ComponentWat.Options.DEFAULT);
    assertThat(dev.trellis.harness.spi.Wasm.kindOf(core)).isEqualTo(dev.trellis.harness.spi.Wasm.Kind.CORE_MODULE);
    // the component embeds exactly this module (jco new keeps the code, adding its own sections)
    assertThat(indexOf(Workloads.HELLO_HTTP.componentBytes(), java.util.Arrays.copyOfRange(core, core.length - 64,
        core.length))).isNotNegative();
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}

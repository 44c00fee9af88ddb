package dev.trellis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.engine.binary.Bytes;
import dev.trellis.engine.binary.Component;
import dev.trellis.engine.binary.ComponentEncoder;
import dev.trellis.engine.binary.DefType;
import dev.trellis.engine.binary.PrimValType;
import dev.trellis.engine.binary.Section;
import dev.trellis.engine.binary.TypeDef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrintCommandTest {
  @TempDir
  Path dir;

  private Path component() throws Exception {
    Component c = new Component(List.of(new Section.Types(List.of(
        new TypeDef(new DefType.ListDef(PrimValType.STRING), -1)), -1)));
    Path p = dir.resolve("c.wasm");
    Files.write(p, ComponentEncoder.encode(c));
    return p;
  }

  @Test
  void printsAComponent() throws Exception {
    TestRuns.Ran r = TestRuns.cli("print", component().toString());
    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo("(component\n  (type (;0;) (list string))\n)\n");
  }

  @Test
  void coreModulesAreListedWithTheirImportsAndExports() throws Exception {
    byte[] module = {
      0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
      0x01, 0x05, 0x01, 0x60, 0x01, 0x7f, 0x00, // type (func (param i32))
      0x02, 0x09, 0x01, 0x03, 'e', 'n', 'v', 0x01, 'f', 0x00, 0x00, // import "env" "f" (func 0)
      0x07, 0x05, 0x01, 0x01, 'f', 0x00, 0x00 // export "f" (func 0)
    };
    Component c = new Component(List.of(new Section.CoreModule(Bytes.wrap(module), -1)));
    Path p = dir.resolve("m.wasm");
    Files.write(p, ComponentEncoder.encode(c));
    TestRuns.Ran r = TestRuns.cli("print", p.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("""
          (core module (;0;) binary
            ;; (import "env" "f" (func (param i32)))
            ;; (export "f" (func (param i32)))
            "\\00asm\\01\\00\\00\\00" ;; preamble
        """);
  }

  @Test
  void writesToAFile() throws Exception {
    Path out = dir.resolve("c.wat");
    TestRuns.Ran r = TestRuns.cli("print", component().toString(), "-o", out.toString());
    assertThat(r.code()).isZero();
    assertThat(Files.readString(out)).contains("(list string)");
  }

  @Test
  void malformedInputIsOneLineAndExitTwo() throws Exception {
    Path bad = dir.resolve("bad.wasm");
    Files.write(bad, new byte[] {0, 0x61, 0x73, 0x6d, 0x0d, 0, 1, 0, 0x07, 0x05, 0x01});
    TestRuns.Ran r = TestRuns.cli("print", bad.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("trellis: " + bad + ": malformed: unexpected end-of-file (at offset 0x9)");
  }

  @Test
  void missingFileAndCoreModulesAreUsageErrors() throws Exception {
    assertThat(TestRuns.cli("print", dir.resolve("nope.wasm").toString()).code()).isEqualTo(2);
    Path core = dir.resolve("m.wasm");
    Files.write(core, new byte[] {0, 0x61, 0x73, 0x6d, 1, 0, 0, 0});
    TestRuns.Ran r = TestRuns.cli("print", core.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("is a core module");
  }
}

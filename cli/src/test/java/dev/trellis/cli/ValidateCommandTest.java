package dev.trellis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
  @TempDir
  Path dir;

  private Path write(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  @Test
  void validTextComponentExitsZeroAndDescribesItsType() throws Exception {
    Path p = write("ok.wat", """
        (component
          (import "log" (func (param "msg" string)))
          (type $r (record (field "x" u32)))
          (export "r" (type $r)))
        """);
    TestRuns.Ran r = TestRuns.cli("validate", "-v", p.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("valid component (1 imports, 1 exports; features: default)")
        .contains("import \"log\": func(msg: string)")
        .contains("export \"r\": type");
  }

  @Test
  void invalidComponentExitsOneWithTheRuleAndOffset() throws Exception {
    Path p = write("bad.wat", "(component\n  (type (record)))");
    // the text parser accepts an empty record; validation rejects it, at its line and column
    TestRuns.Ran r = TestRuns.cli("validate", p.toString());
    assertThat(r.code()).isEqualTo(Main.FAILURES);
    assertThat(r.err()).contains("bad.wat:2:3: invalid: record type must have at least one field")
        .doesNotContain("offset");
    assertThat(r.err().lines().count()).isEqualTo(1);
    // the same component as a binary: a byte offset
    Path b = dir.resolve("bad.wasm");
    Files.write(b, dev.trellis.engine.text.ComponentWat.assemble(Files.readString(p), "bad.wat",
        dev.trellis.engine.text.ComponentWat.Options.DEFAULT));
    TestRuns.Ran rb = TestRuns.cli("validate", b.toString());
    assertThat(rb.code()).isEqualTo(Main.FAILURES);
    assertThat(rb.err()).contains("bad.wasm: invalid: record type must have at least one field (at offset 0x");
  }

  @Test
  void featuresSwitchGatedTypesOn() throws Exception {
    Path p = write("async.wat", "(component (type (stream u8)))");
    assertThat(TestRuns.cli("validate", p.toString()).code()).isEqualTo(Main.FAILURES);
    TestRuns.Ran r = TestRuns.cli("validate", "--features", "cm-async", p.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("features: cm-async");
  }

  @Test
  void malformedBinaryAndUnknownFeatureAreInputErrors() throws Exception {
    Path p = dir.resolve("m.wasm");
    Files.write(p, new byte[] {0, 'a', 's', 'm', 0x0d, 0, 1, 0, 7, 5, 1});
    TestRuns.Ran r = TestRuns.cli("validate", p.toString());
    assertThat(r.code()).isEqualTo(Main.USAGE);
    assertThat(r.err()).contains("malformed").doesNotContain("Exception");
    TestRuns.Ran f = TestRuns.cli("validate", "--features", "cm-nonsense", p.toString());
    assertThat(f.code()).isEqualTo(Main.USAGE);
    assertThat(f.err()).contains("unknown feature(s): cm-nonsense");
  }

  @Test
  void coreModulesValidateToo() throws Exception {
    Path p = write("m.wat", "(module (func (export \"f\") (result i32) i32.const 1))");
    TestRuns.Ran r = TestRuns.cli("validate", p.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("valid core module (0 imports, 1 exports)");
  }
}

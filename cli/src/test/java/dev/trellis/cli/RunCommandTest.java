package dev.trellis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code trellis run --invoke}: WAVE arguments in, the WAVE result out, exit codes. */
class RunCommandTest {
  static final String COMPONENT = """
      (component
        (core module $Libc
          (memory (export "mem") 1)
          (global $next (mut i32) (i32.const 1024))
          (func (export "realloc") (param i32 i32 i32 i32) (result i32)
            (local $r i32)
            (local.set $r (i32.and (i32.add (global.get $next) (i32.const 7)) (i32.const -8)))
            (global.set $next (i32.add (local.get $r) (local.get 3)))
            (local.get $r)))
        (core instance $libc (instantiate $Libc))
        (core module $M
          (import "libc" "mem" (memory 1))
          (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
          (func (export "id") (param i32 i32) (result i32)
            (i32.store (i32.const 16) (local.get 0))
            (i32.store (i32.const 20) (local.get 1))
            (i32.const 16))
          (func (export "point") (param f64 f64) (result f64) (f64.add (local.get 0) (local.get 1)))
          (func (export "trap") unreachable)
          (func (export "spin") (loop $l (br $l))))
        (core instance $m (instantiate $M (with "libc" (instance $libc))))
        (type $rec (record (field "a" u32) (field "b" (option string))))
        (func (export "add") (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $m "add")))
        (func (export "echo") (param "s" string) (result string)
          (canon lift (core func $m "id") (memory (core memory $libc "mem")) (realloc (core func $libc "realloc"))))
        (func (export "names") (param "l" (list string)) (result (list string))
          (canon lift (core func $m "id") (memory (core memory $libc "mem")) (realloc (core func $libc "realloc"))))
        (func (export "sum") (param "p" (tuple f64 f64)) (result f64) (canon lift (core func $m "point")))
        (func (export "trap") (canon lift (core func $m "trap")))
        (func (export "spin") (canon lift (core func $m "spin")))
      )""";

  @TempDir
  Path dir;

  Path write() throws IOException {
    Path f = dir.resolve("demo.wat");
    Files.writeString(f, COMPONENT);
    return f;
  }

  @ParameterizedTest
  @ValueSource(strings = {"interpreter", "compiler"})
  void invokesWithWaveValues(String backend) throws IOException {
    Path f = write();
    TestRuns.Ran r = TestRuns.cli("run", f.toString(), "--backend", backend, "--invoke", "add(40, 2)");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("42\n");
    r = TestRuns.cli("run", f.toString(), "--invoke", "echo(\"h\\u{f6} \\\"☃\\\"\")");
    assertThat(r.out()).isEqualTo("\"hö \\\"☃\\\"\"\n");
    r = TestRuns.cli("run", f.toString(), "--invoke", "names([\"a\", \"b\",])");
    assertThat(r.out()).isEqualTo("[\"a\", \"b\"]\n");
    r = TestRuns.cli("run", f.toString(), "--invoke", "sum((1.5, 2))");
    assertThat(r.out()).isEqualTo("3.5\n");
  }

  @Test
  void coreModulesTakeAndPrintNumbers() throws IOException {
    Path f = dir.resolve("core.wat");
    Files.writeString(f, """
        (module
          (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
          (func (export "pair") (param f64) (result f64 i64) (local.get 0) (i64.const -1)))""");
    TestRuns.Ran r = TestRuns.cli("run", f.toString(), "--invoke", "div(-9, 2)");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("-4\n");
    r = TestRuns.cli("run", f.toString(), "--invoke", "pair(2.5)");
    assertThat(r.out()).isEqualTo("2.5\n-1\n");
    r = TestRuns.cli("run", f.toString(), "--invoke", "div(1, 0)");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("divide by zero");
    r = TestRuns.cli("run", f.toString(), "--invoke", "nope()");
    assertThat(r.code()).isEqualTo(2);
  }

  @Test
  void trapsExitOneAndBadInputExitsTwo() throws IOException {
    Path f = write();
    TestRuns.Ran r = TestRuns.cli("run", f.toString(), "--invoke", "trap()");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("unreachable");
    r = TestRuns.cli("run", f.toString(), "--invoke", "nope()");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("no export named `nope`").contains("add");
    r = TestRuns.cli("run", f.toString(), "--invoke", "add(1)");
    assertThat(r.code()).isEqualTo(2);
    r = TestRuns.cli("run", f.toString(), "--invoke", "add(1, -1)");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("out of range").doesNotContain("Exception");
    r = TestRuns.cli("run", dir.resolve("missing.wasm").toString(), "--invoke", "f()");
    assertThat(r.code()).isEqualTo(2);
    r = TestRuns.cli("run", f.toString());
    assertThat(r.code()).isEqualTo(2);
  }

  @Test
  void aSpinningGuestIsStoppedByTheTimeoutOrFuel() throws IOException {
    Path f = write();
    TestRuns.Ran r = TestRuns.cli("run", f.toString(), "--timeout", "200ms", "--invoke", "spin()");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("deadline");
    r = TestRuns.cli("run", f.toString(), "--fuel", "10000", "--invoke", "spin()");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("fuel");
  }
}

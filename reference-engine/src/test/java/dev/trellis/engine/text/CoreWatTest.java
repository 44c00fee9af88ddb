package dev.trellis.engine.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.engine.error.TextException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The core WAT assembler's API, its abbreviations, and its errors (message and line:column). */
class CoreWatTest {

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  private static SExpr.SList form(String text) {
    return (SExpr.SList) Lexer.parse(text, "t.wat").get(0);
  }

  @Test
  void assemblesAModuleForm() {
    byte[] wasm = CoreWat.assemble(form("(module (func (export \"f\") (param i32) (result i32) local.get 0))"), "t.wat");
    assertThat(hex(wasm)).isEqualTo("0061736d0100000001060160017f017f03020100070501016600000a0601040020000b");
  }

  @Test
  void coreModuleFormOfAComponentHasTheSameBody() {
    String body = "(func $f (export \"f\") (result i32) (i32.add (i32.const 1) (i32.const 2)))";
    SExpr.SList component = form("(component (core module $m " + body + "))");
    SExpr.SList core = (SExpr.SList) component.get(1);
    assertThat(CoreWat.assemble(core, "c.wat")).isEqualTo(CoreWat.assemble(form("(module $m " + body + ")"), "m.wat"));
  }

  @Test
  void binaryAndQuoteModules() {
    assertThat(hex(CoreWat.assemble(form("(module $b binary \"\\00asm\" \"\\01\\00\\00\\00\")"), null)))
        .isEqualTo("0061736d01000000");
    byte[] quoted = CoreWat.assemble(form("(module quote \"(func (export \\\"q\\\") (result i32)\" \"i32.const 42)\")"), null);
    byte[] plain = CoreWat.assemble(form("(module (func (export \"q\") (result i32) i32.const 42))"), null);
    assertThat(quoted).isEqualTo(plain);
  }

  @Test
  void errorsInQuotedTextAreLocatedAtTheQuoteAndWithin() {
    assertThatThrownBy(() -> CoreWat.assemble(form("\n  (module quote \"(func\" \"call $x)\")"), "q.wast"))
        .isInstanceOf(TextException.class)
        .hasMessage("q.wast:2:3: in the quoted module text at 1:12: unknown func: failed to find name `$x`");
  }

  @Test
  void assemblesTextWithOneModuleOrBareFields() {
    assertThat(CoreWat.assemble("(func (export \"f\"))", "x.wat")).isEqualTo(CoreWat.assemble("(module (func (export \"f\")))", "x.wat"));
  }

  @Test
  void inlineTypeUsesReuseTheFirstMatchingTypeAndAppendNewOnes() {
    // The explicit (type) comes first in the type section although written later; the
    // multi-value block type and the (param i64) signature are appended in order of use.
    byte[] wasm = CoreWat.assemble("(module (func (param i32)) (type (func (param i32)))"
        + " (func (param i64) (block (param i32) (result i32 i32) unreachable)))", null);
    assertThat(hex(wasm)).startsWith("0061736d01000000010f0360017f0060017e0060017f027f7f03030200010a");
  }

  @Test
  void inlineExportsKeepTheirPlaceAmongExports() {
    byte[] wasm = CoreWat.assemble("(module (func (export \"a\")) (export \"b\" (func 0)) (func (export \"c\") (export \"d\")))", null);
    assertThat(hex(wasm)).contains("071104016100000162000001630001016400010a");
  }

  @Test
  void elementSegmentsUseWasmToolsBinaryForms() {
    byte[] wasm = CoreWat.assemble("(module (table 2 funcref) (func $f) (elem (i32.const 0) $f)"
        + " (elem (table 0) (i32.const 0) func $f) (elem (offset (i32.const 0)) funcref (ref.func $f))"
        + " (elem 0 (i32.const 1) $f))", null);
    assertThat(hex(wasm)).contains("091f040041000b0100020041000b0001000441000b01d2000b020041010b000100");
  }

  @Test
  void dataCountSectionOnlyWhenAFunctionNeedsIt() {
    assertThat(hex(CoreWat.assemble("(module (memory 1) (data \"a\") (func (data.drop 0)))", null))).contains("0c0101");
    assertThat(hex(CoreWat.assemble("(module (memory 1) (data \"a\") (func))", null))).doesNotContain("0c0101");
  }

  @Test
  void nameSectionFromIdentifiers() {
    byte[] wasm = CoreWat.assemble("(module $m (type $t (func (param i32))) (func $f (type $t) (local $x i32)"
        + " (block $b (loop $l (block)))))", null);
    assertThat(hex(wasm)).endsWith("0028046e616d650002016d0104010001660206010001010178030901000200016201016c040401000174");
  }

  @Test
  void customSectionsAtTheirPlaces() {
    byte[] wasm = CoreWat.assemble("(module (@custom \"a\" \"b\") (@custom \"c\" (before first) \"d\") (func))", null);
    assertThat(hex(wasm)).isEqualTo("0061736d010000000003016364010401600000030201000a040102000b0003016162");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      (module (func call $nope))                               | 1:20 | unknown func: failed to find name `$nope`
      (module (func $f) (func $f))                             | 1:25 | duplicate func identifier `$f`
      (module (func i32.frob))                                 | 1:15 | unknown operator `i32.frob`
      (module (func block $a end $b))                          | 1:28 | mismatching labels between end and block
      (module (func end $x))                                   | 1:15 | `end $x` without a matching block
      (module (func br $l))                                    | 1:18 | unknown label: failed to find name `$l`
      (module (func) (import "a" "b" (func)))                  | 1:16 | import after function
      (module (type (func (param i32))) (func (type 0) (param i64)))  | 1:41 | inline function type doesn't match type reference
      (module (func $f) (start $f) (start $f))                 | 1:30 | multiple start sections found
      (module (func (drop (i32.const 4294967296))))            | 1:32 | i32 constant out of range: `4294967296`
      (module (memory 1) (func (drop (i32.load align=3 (i32.const 0)))))  | 1:42 | alignment must be a power of two: `align=3`
      (module (func (i32.add 1 2)))                            | 1:24 | unexpected token `1`, expected an instruction
      (module (type $s (struct (field $a i32))) (func (param (ref $s)) (drop (struct.get $s $b (local.get 0)))))  | 1:87 | unknown field: failed to find name `$b`
      (module (func (local $x i32) (local $x i64)))            | 1:37 | duplicate local identifier `$x`
      (module (frob))                                          | 1:9  | expected a module field, found `(frob`
      (module (export "\\ff" (func 0)))                        | 1:17 | malformed UTF-8 encoding
      (module (func (call_indirect (param $x i32) (i32.const 0))))    | 1:37 | unexpected token: parameter identifiers are not allowed here
      (module (memory 1 (pagesize 3)))                         | 1:29 | invalid custom page size
      (module (func (result i32) (f32.const 1x)))              | 1:39 | expected an f32 literal, found `1x`
      """)
  void errorsAreLocated(String text, String at, String message) {
    assertThatThrownBy(() -> CoreWat.assemble(text, "t.wat"))
        .isInstanceOf(TextException.class)
        .hasMessageStartingWith("t.wat:" + at + ": " + message);
  }

  @Test
  void errorsInsideAComponentPointIntoTheComponentFile() {
    SExpr.SList component = form("(component\n  (core module\n    (func\n      call $missing)))");
    assertThatThrownBy(() -> CoreWat.assemble((SExpr.SList) component.get(1), "c.wat"))
        .isInstanceOf(TextException.class)
        .hasMessage("c.wat:4:12: unknown func: failed to find name `$missing`")
        .satisfies(e -> {
          TextException t = (TextException) e;
          assertThat(t.line()).isEqualTo(4);
          assertThat(t.column()).isEqualTo(12);
        });
  }

  @Test
  void deepNestingIsATextError() throws Exception {
    String deep = "(module (func " + "(block ".repeat(200_000) + ")".repeat(200_000) + "))";
    // A small stack makes the depth hit its limit, whichever of lexer or assembler gets there first.
    Throwable[] thrown = new Throwable[1];
    Thread t = new Thread(null, () -> {
      try {
        CoreWat.assemble(deep, "deep.wat");
      } catch (Throwable e) {
        thrown[0] = e;
      }
    }, "deep", 256 * 1024);
    t.start();
    t.join();
    assertThat(thrown[0]).isInstanceOf(TextException.class).hasMessage("deep.wat:1:1: nesting too deep");
  }

  @Test
  void assemblingAllSuiteModulesIsQuick() {
    var corpus = CoreWatCorpus.load();
    long t0 = System.nanoTime();
    int ok = 0;
    for (var e : corpus) {
      try {
        CoreWat.assemble(e.form(), e.where());
        ok++;
      } catch (TextException ex) {
        // counted by the differential test
      }
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(ok).isGreaterThan(1500);
    // Generous bound (2 shared cores, cold JIT); typically well under a second for ~1,600 modules.
    assertThat(ms).as("ms to assemble %d modules", corpus.size()).isLessThan(10_000);
  }
}

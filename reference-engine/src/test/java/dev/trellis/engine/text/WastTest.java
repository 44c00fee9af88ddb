package dev.trellis.engine.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.engine.error.TextException;
import dev.trellis.engine.runtime.Val;
import dev.trellis.engine.testing.Repo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class WastTest {

  private static List<WastDirective> parse(String src) {
    return Wast.parse(src, "t.wast").directives();
  }

  private static Val value(String constant) {
    WastDirective d = parse("(invoke \"f\" " + constant + ")").get(0);
    assertThat(d).isInstanceOf(WastDirective.Action.class);
    return ((WastAction.Invoke) ((WastDirective.Action) d).action()).args().get(0);
  }

  @Test
  void readsModuleForms() {
    List<WastDirective> ds = parse("""
        (component $A (core module))
        (component definition $D (component))
        (component instance $i $D)
        (component instance $D)
        (component binary "\\00asm" "\\0d\\00\\01\\00")
        (component $Q quote "(core module)" "(component)")
        (module $m)
        (register "a" $A)
        """);
    assertThat(ds).hasSize(8);
    WastModule a = ((WastDirective.Module) ds.get(0)).module();
    assertThat(a).isInstanceOf(WastModule.Text.class);
    assertThat(a.id()).isEqualTo("A");
    assertThat(a.definition()).isFalse();
    assertThat(a.component()).isTrue();
    WastModule d = ((WastDirective.Module) ds.get(1)).module();
    assertThat(d.definition()).isTrue();
    assertThat(d.id()).isEqualTo("D");
    assertThat(ds.get(2)).isEqualTo(new WastDirective.ModuleInstance(ds.get(2).pos(), true, "i", "D"));
    assertThat(ds.get(3)).isEqualTo(new WastDirective.ModuleInstance(ds.get(3).pos(), true, null, "D"));
    WastModule.Binary b = (WastModule.Binary) ((WastDirective.Module) ds.get(4)).module();
    assertThat(b.bytes().toArray()).containsExactly(0, 'a', 's', 'm', 0x0d, 0, 1, 0);
    WastModule.Quote q = (WastModule.Quote) ((WastDirective.Module) ds.get(5)).module();
    assertThat(q.source()).isEqualTo("(core module) (component)");
    assertThat(q.id()).isEqualTo("Q");
    assertThat(((WastDirective.Module) ds.get(6)).module().component()).isFalse();
    assertThat(ds.get(7)).isEqualTo(new WastDirective.Register(ds.get(7).pos(), "a", "A"));
    assertThat(ds.get(7).line()).isEqualTo(8);
    assertThat(ds.get(2).keyword()).isEqualTo("component instance");
  }

  @Test
  void readsAssertions() {
    List<WastDirective> ds = parse("""
        (assert_invalid (component (export "" (func 0))) "index out of bounds")
        (assert_malformed (component quote "(foo)") "unexpected token")
        (assert_unlinkable (component (import "x" (func))) "missing")
        (assert_trap (component (core module)) "unreachable")
        (assert_trap (invoke $i "run" (u32.const 1)) "unreachable")
        (assert_exhaustion (invoke "rec") "call stack exhausted")
        (assert_return (invoke "f") (u32.const 42) (str.const "x"))
        (assert_return (get "g"))
        """);
    assertThat(ds).extracting(WastDirective::keyword).containsExactly("assert_invalid", "assert_malformed",
        "assert_unlinkable", "assert_trap", "assert_trap", "assert_exhaustion", "assert_return", "assert_return");
    assertThat(((WastDirective.AssertInvalid) ds.get(0)).message()).isEqualTo("index out of bounds");
    WastDirective.AssertTrap moduleTrap = (WastDirective.AssertTrap) ds.get(3);
    assertThat(moduleTrap.module()).isNotNull();
    assertThat(moduleTrap.action()).isNull();
    WastDirective.AssertTrap actionTrap = (WastDirective.AssertTrap) ds.get(4);
    assertThat(actionTrap.action()).isEqualTo(new WastAction.Invoke(actionTrap.action().pos(), "i", "run", List.of(new Val.U32(1))));
    WastDirective.AssertReturn r = (WastDirective.AssertReturn) ds.get(6);
    assertThat(r.expected()).containsExactly(new WastExpected.Exact(new Val.U32(42)), new WastExpected.Exact(new Val.Str("x")));
    assertThat(((WastDirective.AssertReturn) ds.get(7)).action()).isInstanceOf(WastAction.Get.class);
  }

  @Test
  void readsEveryValueConstant() {
    assertThat(value("(bool.const true)")).isEqualTo(new Val.Bool(true));
    assertThat(value("(u8.const 0xff)")).isEqualTo(new Val.U8(255));
    assertThat(value("(s8.const -128)")).isEqualTo(new Val.S8((byte) -128));
    assertThat(value("(u16.const 0xffff)")).isEqualTo(new Val.U16(0xffff));
    assertThat(value("(s16.const -10)")).isEqualTo(new Val.S16((short) -10));
    assertThat(value("(u32.const 0xffffffff)")).isEqualTo(new Val.U32(0xffff_ffffL));
    assertThat(value("(s32.const -12)")).isEqualTo(new Val.S32(-12));
    assertThat(value("(s64.const -9223372036854775808)")).isEqualTo(new Val.S64(Long.MIN_VALUE));
    assertThat(value("(char.const \"🍰\")")).isEqualTo(new Val.Char(0x1F370));
    assertThat(value("(str.const \"☃\\u{1F370}\")")).isEqualTo(new Val.Str("☃🍰"));
    assertThat(value("(list.const (u32.const 1) (u32.const 2))"))
        .isEqualTo(new Val.ListOf(List.of(new Val.U32(1), new Val.U32(2))));
    assertThat(value("(list.const)")).isEqualTo(new Val.ListOf(List.of()));
    assertThat(value("(tuple.const (str.const \"x=\") (bool.const false))"))
        .isEqualTo(new Val.TupleOf(List.of(new Val.Str("x="), new Val.Bool(false))));
    assertThat(value("(record.const (field \"s\" str.const \"v\") (field \"n\" (u32.const 7)) (field \"l\" list.const (u8.const 1)))"))
        .isEqualTo(new Val.RecordOf(List.of(new Val.Field("s", new Val.Str("v")), new Val.Field("n", new Val.U32(7)),
            new Val.Field("l", new Val.ListOf(List.of(new Val.U8(1)))))));
    assertThat(value("(variant.const \"a\" (u32.const 1))")).isEqualTo(new Val.VariantOf("a", new Val.U32(1)));
    assertThat(value("(variant.const \"none-here\")")).isEqualTo(new Val.VariantOf("none-here", null));
    assertThat(value("(enum.const \"red\")")).isEqualTo(new Val.EnumOf("red"));
    assertThat(value("(flags.const \"a\" \"c\")")).isEqualTo(new Val.FlagsOf(List.of("c", "a")));
    assertThat(value("(option.none)")).isEqualTo(Val.OptionOf.NONE);
    assertThat(value("(option.some (u8.const 1))")).isEqualTo(new Val.OptionOf(new Val.U8(1)));
    assertThat(value("(result.ok)")).isEqualTo(new Val.ResultOf(true, null));
    assertThat(value("(result.err (str.const \"e\"))")).isEqualTo(new Val.ResultOf(false, new Val.Str("e")));
    assertThat(value("(i32.const -1)")).isEqualTo(new Val.S32(-1));
    assertThat(value("(i32.const 0xffffffff)")).isEqualTo(new Val.S32(-1));
    assertThat(value("(i64.const 0xffffffffffffffff)")).isEqualTo(new Val.S64(-1));
  }

  @Test
  void u64NeverGoesThroughDouble() {
    // 2^64-1 and 2^53+1 are not representable as doubles
    assertThat(((Val.U64) value("(u64.const 18446744073709551615)")).bits()).isEqualTo(-1L);
    assertThat(((Val.U64) value("(u64.const 9007199254740993)")).bits()).isEqualTo(9007199254740993L);
    assertThat(value("(u64.const 18446744073709551615)").toString()).isEqualTo("18446744073709551615");
  }

  @Test
  void floatsKeepTheirBitsAndNanPayloads() {
    Val.F32 f = (Val.F32) value("(f32.const nan:0x200000)");
    assertThat(Float.floatToRawIntBits(f.value())).isEqualTo(0x7fa0_0000);
    Val.F64 d = (Val.F64) value("(f64.const -nan:0x1)");
    assertThat(Double.doubleToRawLongBits(d.value())).isEqualTo(0xfff0_0000_0000_0001L);
    assertThat(Float.floatToRawIntBits(((Val.F32) value("(f32.const -0x1p-149)")).value())).isEqualTo(0x8000_0001);
    assertThat(((Val.F64) value("(f64.const 9)")).value()).isEqualTo(9.0);
  }

  @Test
  void rejectsBadConstantsPerDirective() {
    List<WastDirective> ds = parse("""
        (invoke "f" (u8.const 256))
        (invoke "f" (s8.const -129))
        (invoke "f" (u32.const -1))
        (invoke "f" (char.const "ab"))
        (invoke "f" (bool.const 1))
        (invoke "f" (v128.const i32x4 0 0 0 0))
        (invoke "f" (str.const "\\ff"))
        (frobnicate)
        (invoke "f" (u8.const 255))
        """);
    assertThat(ds).hasSize(9);
    for (int k = 0; k < 8; k++) {
      assertThat(ds.get(k)).as("line %d", k + 1).isInstanceOf(WastDirective.Unreadable.class);
      assertThat(((WastDirective.Unreadable) ds.get(k)).error().line()).isEqualTo(k + 1);
    }
    assertThat(((WastDirective.Unreadable) ds.get(7)).error().reason()).contains("unknown directive `frobnicate`");
    assertThat(((WastDirective.Unreadable) ds.get(6)).error().reason()).contains("malformed UTF-8");
    assertThat(ds.get(8)).isInstanceOf(WastDirective.Action.class);
  }

  @Test
  void aFileThatDoesNotLexFailsAsAWhole() {
    assertThatThrownBy(() -> Wast.parse("(component\n  (core module)", "x.wast"))
        .isInstanceOf(TextException.class)
        .hasMessageStartingWith("x.wast:1:1:");
  }

  @Test
  void expectationsMatchActualValues() {
    WastDirective.AssertReturn r = (WastDirective.AssertReturn) parse("""
        (assert_return (invoke "f") (f32.const nan:canonical) (f64.const nan:arithmetic) (f32.const nan)
          (either (u8.const 1) (u8.const 2)) (list.const (f32.const nan)) (flags.const "a" "b"))
        """).get(0);
    List<WastExpected> e = r.expected();
    assertThat(e.get(0).matches(new Val.F32(Float.intBitsToFloat(0x7fc0_0000)))).isTrue();
    assertThat(e.get(0).matches(new Val.F32(Float.intBitsToFloat(0xffc0_0000)))).isTrue();
    assertThat(e.get(0).matches(new Val.F32(Float.intBitsToFloat(0x7fc0_0001)))).isFalse();
    assertThat(e.get(0).matches(new Val.F64(Double.NaN))).isFalse();
    assertThat(e.get(1).matches(new Val.F64(Double.longBitsToDouble(0x7ff8_0000_0000_0001L)))).isTrue();
    assertThat(e.get(1).matches(new Val.F64(Double.longBitsToDouble(0x7ff0_0000_0000_0001L)))).isFalse();
    // a component-level NaN is one value: any NaN matches
    assertThat(e.get(2).matches(new Val.F32(Float.intBitsToFloat(0x7f80_0001)))).isTrue();
    assertThat(e.get(2).matches(new Val.F32(1f))).isFalse();
    assertThat(e.get(3).matches(new Val.U8(2))).isTrue();
    assertThat(e.get(3).matches(new Val.U8(3))).isFalse();
    assertThat(e.get(4).matches(new Val.ListOf(List.of(new Val.F32(Float.intBitsToFloat(0xffc0_0000)))))).isTrue();
    assertThat(e.get(5).matches(new Val.FlagsOf(List.of("b", "a")))).isTrue();
    assertThat(new WastExpected.Exact(new Val.F32(0f)).matches(new Val.F32(-0f))).isFalse();
    assertThat(new WastExpected.Exact(new Val.U32(1)).matches(new Val.S32(1))).isFalse();
  }

  @Test
  void readsRunLines() {
    String src = """
        ;; RUN: WAST_STRICT_COMPONENT_INDICES=0 wast --assert default --snapshot tests/snapshots % -f cm-async,gc
        ;; RUN[lenient]: wast % --features=-exceptions
        ;; FAIL: parse % -o %tmpdir/x.wasm
        ;; not a run line
        (component)
        ;; RUN: wast ignored after the first form
        """;
    List<WastRunLine> runs = Wast.parse(src, "t.wast").runLines();
    assertThat(runs).hasSize(3);
    WastRunLine a = runs.get(0);
    assertThat(a.tool()).isEqualTo("wast");
    assertThat(a.features()).containsExactly("cm-async", "gc");
    assertThat(a.strictIndices()).isFalse();
    assertThat(a.line()).isEqualTo(1);
    WastRunLine b = runs.get(1);
    assertThat(b.label()).isEqualTo("lenient");
    assertThat(b.features()).containsExactly("-exceptions");
    assertThat(b.strictIndices()).isTrue();
    assertThat(runs.get(2).expectFailure()).isTrue();
    assertThat(runs.get(2).tool()).isEqualTo("parse");
    assertThat(Wast.parse(src, "t.wast").wastRuns()).hasSize(2);
  }

  /** Every script of the shared suites reads, every directive included. */
  @Test
  void everySharedScriptReads() throws IOException {
    Path root = Repo.suites();
    List<Path> files;
    try (Stream<Path> s = Files.walk(root)) {
      files = s.filter(p -> p.toString().endsWith(".wast") && Files.isRegularFile(p) && !p.toString().contains("snapshots"))
          .sorted().toList();
    }
    assertThat(files).hasSizeGreaterThan(100);
    List<String> unreadable = new ArrayList<>();
    int directives = 0;
    for (Path f : files) {
      WastScript s = Wast.parse(Files.readString(f), root.relativize(f).toString());
      for (WastDirective d : s.directives()) {
        directives++;
        if (d instanceof WastDirective.Unreadable u) {
          unreadable.add(u.error().getMessage());
        }
      }
    }
    assertThat(unreadable).isEmpty();
    assertThat(directives).isGreaterThan(2000);
  }
}

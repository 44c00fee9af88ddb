package dev.trellis.engine.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.engine.core.CoreBackend;
import dev.trellis.engine.error.TrapException;
import dev.trellis.engine.error.TrapKind;
import dev.trellis.engine.runtime.Engine;
import dev.trellis.engine.runtime.EngineConfig;
import dev.trellis.engine.runtime.Instance;
import dev.trellis.engine.runtime.ResourceHandle;
import dev.trellis.engine.runtime.Store;
import dev.trellis.engine.runtime.Val;
import dev.trellis.engine.testing.Wat;
import dev.trellis.engine.validate.Features;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Each Canonical ABI corner pinned with its own small component (CanonicalABI.md): spilling
 * past MAX_FLAT_PARAMS / MAX_FLAT_RESULTS, NaN canonicalization, the value checks that trap,
 * strings per encoding, fixed-length lists, may_leave in post-return, borrow scopes.
 */
class AbiCornersTest {
  static final String MEM = """
      (core module $Libc
        (memory (export "mem") 1)
        (global $next (mut i32) (i32.const 1024))
        (global (export "calls") (mut i32) (i32.const 0))
        (func (export "realloc") (param i32 i32 i32 i32) (result i32)
          (local $r i32)
          (global.set 1 (i32.add (global.get 1) (i32.const 1)))
          (local.set $r (i32.and (i32.add (global.get $next) (i32.sub (local.get 2) (i32.const 1)))
                                 (i32.sub (i32.const 0) (local.get 2))))
          (global.set $next (i32.add (local.get $r) (local.get 3)))
          (local.get $r)))
      (core instance $libc (instantiate $Libc))
      """;

  static final String OPTS = "(memory (core memory $libc \"mem\")) (realloc (core func $libc \"realloc\"))";

  static Instance run(String body) {
    return run(body, new Linker<>(new Engine()));
  }

  static Instance run(String body, Linker<Void> linker) {
    Engine e = linker.engine();
    return linker.instantiate(new Store<>(e, null), Component.fromBinary(e, Wat.parse("(component " + MEM + body + ")")));
  }

  static TrapException trap(Runnable r) {
    try {
      r.run();
    } catch (TrapException e) {
      return e;
    }
    throw new AssertionError("no trap");
  }

  /** A component exporting {@code name} of type {@code ft}, lifted from a core function with {@code core} as its body. */
  static String export(String name, String ft, String coreSig, String coreBody, String opts) {
    return """
        (core module $M%s (import "libc" "mem" (memory 1)) (func (export "f") %s %s))
        (core instance $m%s (instantiate $M%s (with "libc" (instance $libc))))
        (func (export "%s") %s (canon lift (core func $m%s "f") %s))
        """.formatted(name, coreSig, coreBody, name, name, name, ft, name, opts);
  }

  @Test
  void moreThanSixteenFlatParamsArriveThroughOnePointer() {
    String params = IntStream.range(0, 17).mapToObj(i -> "(param \"p" + i + "\" u32)").reduce("", String::concat);
    // the core function gets one pointer to the 17-field tuple; return the sum of fields 0 and 16
    Instance i = run(export("f", params + " (result u32)", "(param i32) (result i32)",
        "(i32.add (i32.load (local.get 0)) (i32.load offset=64 (local.get 0)))", OPTS));
    Val[] args = IntStream.range(0, 17).mapToObj(k -> (Val) new Val.U32(k + 100)).toArray(Val[]::new);
    assertThat(i.func("f").call(args)).isEqualTo(new Val.U32(100 + 116));
    // exactly sixteen stay flat: the core function takes sixteen i32s
    String p16 = IntStream.range(0, 16).mapToObj(k -> "(param \"p" + k + "\" u32)").reduce("", String::concat);
    String i16 = IntStream.range(0, 16).mapToObj(k -> " i32").reduce("(param", String::concat) + ")";
    Instance j = run(export("g", p16 + " (result u32)", i16 + " (result i32)", "(local.get 15)", ""));
    assertThat(j.func("g").call(java.util.Arrays.copyOf(args, 16))).isEqualTo(new Val.U32(115));
  }

  @Test
  void resultsPastOneFlatValueAreReadThroughTheReturnedPointer() {
    Instance i = run(export("f", "(result (tuple u32 u64))", "(result i32)",
        "(i32.store (i32.const 8) (i32.const 7)) (i64.store (i32.const 16) (i64.const -1)) (i32.const 8)", OPTS)
        + export("bad", "(result (tuple u32 u64))", "(result i32)", "(i32.const 12)", OPTS)
        + export("oob", "(result (tuple u32 u64))", "(result i32)", "(i32.const 65528)", OPTS));
    assertThat(i.func("f").call()).isEqualTo(new Val.TupleOf(List.of(new Val.U32(7), new Val.U64(-1))));
    assertThat(trap(() -> i.func("bad").call()).kind()).isEqualTo(TrapKind.UNALIGNED_POINTER);
    Instance j = run(export("oob", "(result (tuple u32 u64))", "(result i32)", "(i32.const 65528)", OPTS));
    assertThat(trap(() -> j.func("oob").call()).kind()).isEqualTo(TrapKind.POINTER_OUT_OF_BOUNDS);
  }

  @Test
  void importsWithSpilledResultsWriteThroughTheCallersPointer() {
    Linker<Void> linker = new Linker<>(new Engine());
    linker.root().func("pair", (store, args) -> new Val.TupleOf(List.of(new Val.Str("ab"), new Val.U8(9))));
    Instance i = run("""
        (import "pair" (func $pair (result (tuple string u8))))
        (core func $pair' (canon lower (func $pair) %s))
        (core module $M (import "libc" "mem" (memory 1)) (import "" "pair" (func $pair (param i32)))
          (func (export "f") (result i32)
            (call $pair (i32.const 32))
            ;; string (ptr, len) at 32, u8 at 40: return len * 100 + byte
            (i32.add (i32.mul (i32.load (i32.const 36)) (i32.const 100)) (i32.load8_u (i32.const 40)))))
        (core instance $m (instantiate $M (with "libc" (instance $libc)) (with "" (instance (export "pair" (func $pair'))))))
        (func (export "f") (result u32) (canon lift (core func $m "f")))
        """.formatted(OPTS), linker);
    assertThat(i.func("f").call()).isEqualTo(new Val.U32(209));
  }

  @Test
  void nansAreCanonicalizedAcrossTheBoundary() {
    Instance i = run(export("f", "(result f32)", "(result f32)", "(f32.reinterpret_i32 (i32.const 0x7fa00001))", "")
        + export("bits", "(param \"x\" f64) (result u64)", "(param f64) (result i64)", "(i64.reinterpret_f64 (local.get 0))", ""));
    Val.F32 f = (Val.F32) i.func("f").call();
    assertThat(Float.floatToRawIntBits(f.value())).isEqualTo(0x7fc00000);
    Val bits = i.func("bits").call(new Val.F64(Double.longBitsToDouble(0xfff0_0000_dead_beefL)));
    assertThat(bits).isEqualTo(new Val.U64(0x7ff8_0000_0000_0000L));
  }

  @Test
  void liftedValuesAreChecked() {
    Instance i = run(export("ch", "(result char)", "(result i32)", "(i32.const 0xd800)", "")
        + export("big", "(result char)", "(result i32)", "(i32.const 0x110000)", "")
        + export("ok", "(result char)", "(result i32)", "(i32.const 0x10ffff)", "")
        + export("disc", "(result (option u8))", "(result i32)",
            "(i32.store8 (i32.const 0) (i32.const 2)) (i32.const 0)", OPTS)
        + export("bool", "(result bool)", "(result i32)", "(i32.const 2)", "")
        );
    assertThat(trap(() -> i.func("ch").call()).getMessage()).contains("invalid `char` bit pattern");
    Instance j = run(export("big", "(result char)", "(result i32)", "(i32.const 0x110000)", "")
        + export("ok", "(result char)", "(result i32)", "(i32.const 0x10ffff)", ""));
    assertThat(j.func("ok").call()).isEqualTo(new Val.Char(0x10ffff));
    assertThat(trap(() -> j.func("big").call()).kind()).isEqualTo(TrapKind.INVALID_CHAR);
    Instance k = run(export("disc", "(result (option u8))", "(result i32)",
        "(i32.store8 (i32.const 0) (i32.const 2)) (i32.const 0)", OPTS)
        + export("bool", "(result bool)", "(result i32)", "(i32.const 2)", "")
        + "(type $fl' (flags \"a\" \"b\")) (export $fl \"fl\" (type $fl'))"
        + export("flags", "(result $fl)", "(result i32)", "(i32.const 0xff)", ""));
    assertThat(k.func("bool").call()).isEqualTo(new Val.Bool(true)); // any nonzero is true
    assertThat(k.func("flags").call()).isEqualTo(new Val.FlagsOf(List.of("a", "b"))); // bits past the last flag ignored
    assertThat(trap(() -> k.func("disc").call()).getMessage()).contains("invalid variant discriminant");
  }

  @Test
  void stringsInEachEncoding() {
    Instance i = run(export("u16", "(result string)", "(result i32)",
        "(i32.store (i32.const 8) (i32.const 16)) (i32.store (i32.const 12) (i32.const 2))"
            + " (i32.store (i32.const 16) (i32.const 0x26030068)) (i32.const 8)",
        "string-encoding=utf16 " + OPTS)
        + export("tagged", "(result string)", "(result i32)",
            "(i32.store (i32.const 8) (i32.const 16)) (i32.store (i32.const 12) (i32.const 0x80000001))"
                + " (i32.store16 (i32.const 16) (i32.const 0x2603)) (i32.const 8)",
            "string-encoding=latin1+utf16 " + OPTS)
        + export("latin1", "(result string)", "(result i32)",
            "(i32.store (i32.const 8) (i32.const 16)) (i32.store (i32.const 12) (i32.const 1))"
                + " (i32.store8 (i32.const 16) (i32.const 0xf6)) (i32.const 8)",
            "string-encoding=latin1+utf16 " + OPTS)
        + export("lone", "(result string)", "(result i32)",
            "(i32.store (i32.const 8) (i32.const 16)) (i32.store (i32.const 12) (i32.const 1))"
                + " (i32.store16 (i32.const 16) (i32.const 0xd800)) (i32.const 8)",
            "string-encoding=utf16 " + OPTS)
        + export("echo16", "(param \"s\" string) (result u32)", "(param i32 i32) (result i32)",
            "(i32.add (i32.mul (local.get 1) (i32.const 65536)) (i32.load16_u (local.get 0)))",
            "string-encoding=utf16 " + OPTS)
        + export("echo-l1", "(param \"s\" string) (result u32)", "(param i32 i32) (result i32)", "(local.get 1)",
            "string-encoding=latin1+utf16 " + OPTS));
    assertThat(i.func("u16").call()).isEqualTo(new Val.Str("h☃"));
    assertThat(i.func("tagged").call()).isEqualTo(new Val.Str("☃"));
    assertThat(i.func("latin1").call()).isEqualTo(new Val.Str("ö"));
    // host strings go in the callee's encoding: utf16 code units, latin1 bytes, or tagged utf16
    assertThat(i.func("echo16").call(new Val.Str("☃x"))).isEqualTo(new Val.U32(2L * 65536 + 0x2603));
    assertThat(i.func("echo-l1").call(new Val.Str("hö"))).isEqualTo(new Val.U32(2));
    assertThat(i.func("echo-l1").call(new Val.Str("h☃"))).isEqualTo(new Val.U32(0x80000002L));
    assertThat(trap(() -> i.func("lone").call()).kind()).isEqualTo(TrapKind.INVALID_UTF16);
  }

  @Test
  void fixedLengthListsAreFlattenedLikeTuples() {
    Engine e = new Engine(EngineConfig.defaults().features(Features.ALL));
    Instance i = run(export("f", "(param \"l\" (list u8 4)) (result u32)", "(param i32 i32 i32 i32) (result i32)",
        "(i32.add (local.get 0) (local.get 3))", ""), new Linker<>(e));
    Val l = new Val.ListOf(List.of(new Val.U8(1), new Val.U8(2), new Val.U8(3), new Val.U8(40)));
    assertThat(i.func("f").call(l)).isEqualTo(new Val.U32(41));
  }

  @Test
  void postReturnMayNotLeaveTheInstance() {
    Linker<Void> linker = new Linker<>(new Engine());
    List<String> called = new ArrayList<>();
    linker.root().func("log", (store, args) -> {
      called.add("log");
      return null;
    });
    Instance i = run("""
        (import "log" (func $log))
        (core func $log' (canon lower (func $log)))
        (core module $M (import "" "log" (func $log))
          (func (export "f") (result i32) (call $log) (i32.const 5))
          (func (export "pr") (param i32) (call $log)))
        (core instance $m (instantiate $M (with "" (instance (export "log" (func $log'))))))
        (func (export "f") (result u32) (canon lift (core func $m "f") (post-return (core func $m "pr"))))
        """, linker);
    TrapException t = trap(() -> i.func("f").call());
    assertThat(t.kind()).isEqualTo(TrapKind.CANNOT_LEAVE);
    assertThat(called).containsExactly("log"); // the call in f ran, the one in post-return trapped
  }

  @Test
  void aBorrowNotDroppedBeforeReturningTraps() {
    Instance i = run("""
        (component $C
          (type $R (resource (rep i32)))
          (core func $new (canon resource.new $R))
          (core module $CM (import "" "new" (func $new (param i32) (result i32)))
            (func (export "make") (result i32) (call $new (i32.const 7))))
          (core instance $cm (instantiate $CM (with "" (instance (export "new" (func $new))))))
          (export $R' "r" (type $R))
          (func (export "make") (result (own $R')) (canon lift (core func $cm "make"))))
        (component $D
          (import "r" (type $R (sub resource)))
          (canon resource.drop $R (core func $drop))
          (core module $DM (import "" "drop" (func $drop (param i32)))
            (func (export "keep") (param i32))
            (func (export "use") (param i32) (call $drop (local.get 0))))
          (core instance $dm (instantiate $DM (with "" (instance (export "drop" (func $drop))))))
          (func (export "keep") (param "r" (borrow $R)) (canon lift (core func $dm "keep")))
          (func (export "use") (param "r" (borrow $R)) (canon lift (core func $dm "use"))))
        (instance $c (instantiate $C))
        (instance $d (instantiate $D (with "r" (type $c "r"))))
        (alias export $c "r" (type $r))
        (export $r' "r" (type $r))
        (export "make" (func $c "make") (func (result (own $r'))))
        (export "keep" (func $d "keep") (func (param "r" (borrow $r'))))
        (export "use" (func $d "use") (func (param "r" (borrow $r'))))
        """);
    Val.Own own = (Val.Own) i.func("make").call();
    i.func("use").call(new Val.Borrow(own.handle())); // dropped the borrow: fine
    assertThat(own.handle().isLive()).isTrue();
    TrapException t = trap(() -> i.func("keep").call(new Val.Borrow(own.handle())));
    assertThat(t.kind()).isEqualTo(TrapKind.BORROW_NOT_DROPPED);
  }

  /**
   * CanonicalABI.md#component-instances: a child calling back into its parent (donut wrapping)
   * enters nothing new and is allowed; the parent then calling into the child again, while the
   * child is still on the stack, is reentrance and traps.
   */
  @Test
  void donutWrappingIsAllowedReentranceTraps() {
    Instance i = run("""
        (core module $T
          (table (export "t") 1 funcref)
          (type $v (func))
          (global $n (mut i32) (i32.const 0))
          (global $armed (mut i32) (i32.const 0))
          (func $call0 (export "call0") (call_indirect (type $v) (i32.const 0)))
          (func (export "back")
            (if (global.get $armed)
              (then (call $call0))
              (else (global.set $n (i32.add (global.get $n) (i32.const 1))))))
          (func (export "arm") (global.set $armed (i32.const 1)))
          (func (export "count") (result i32) (global.get $n)))
        (core instance $t (instantiate $T))
        (func $back (canon lift (core func $t "back")))
        (component $C1
          (import "back" (func $back))
          (core func $back' (canon lower (func $back)))
          (core module $CM (import "" "back" (func $back)) (func (export "f") (call $back)))
          (core instance $cm (instantiate $CM (with "" (instance (export "back" (func $back'))))))
          (func (export "f") (canon lift (core func $cm "f"))))
        (instance $c1 (instantiate $C1 (with "back" (func $back))))
        (core func $f' (canon lower (func $c1 "f")))
        (core module $Fill (import "" "t" (table 1 funcref)) (import "" "f" (func $f)) (elem (i32.const 0) func $f))
        (core instance (instantiate $Fill (with "" (instance (export "t" (table $t "t")) (export "f" (func $f'))))))
        (func (export "run") (canon lift (core func $t "call0")))
        (func (export "arm") (canon lift (core func $t "arm")))
        (func (export "count") (result u32) (canon lift (core func $t "count")))
        """);
    i.func("run").call(); // host -> P -> C1 -> P (back) -> count
    assertThat(i.func("count").call()).isEqualTo(new Val.U32(1));
    i.func("arm").call(); // now P's back calls C1.f again
    assertThat(trap(() -> i.func("run").call()).kind()).isEqualTo(TrapKind.CANNOT_ENTER);
  }

  @Test
  void bothBackendsAgreeOnTraps() {
    for (CoreBackend b : CoreBackend.values()) {
      Instance i = run(export("ch", "(result char)", "(result i32)", "(i32.const 0xdfff)", ""),
          new Linker<>(new Engine(EngineConfig.defaults().coreBackend(b))));
      assertThat(trap(() -> i.func("ch").call()).kind()).as(b.name()).isEqualTo(TrapKind.INVALID_CHAR);
    }
    assertThat(ResourceHandle.own(new dev.trellis.engine.types.ResourceType("x"), 1).isOwned()).isTrue();
  }
}

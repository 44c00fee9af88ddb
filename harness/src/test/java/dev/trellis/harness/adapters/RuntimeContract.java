package dev.trellis.harness.adapters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.trellis.engine.runtime.Val;
import dev.trellis.harness.TestTools;
import dev.trellis.harness.spi.Feature;
import dev.trellis.harness.spi.Instance;
import dev.trellis.harness.spi.Loaded;
import dev.trellis.harness.spi.Probe;
import dev.trellis.harness.spi.Runtime;
import dev.trellis.harness.spi.RuntimeFailure;
import dev.trellis.harness.spi.RuntimeFailure.Kind;
import dev.trellis.harness.spi.Runtimes;
import dev.trellis.harness.spi.Wasm;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The behaviour every runtime adapter must show, on the same vectors: core modules and
 * components as the runtime's declared features say, "unsupported" otherwise. Each adapter's
 * test extends this with its id; the runtime must be installed (CI installs them all).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class RuntimeContract {
  protected Runtime rt;

  protected abstract String runtimeId();

  @BeforeAll
  void open() {
    Runtimes all = Runtimes.discover();
    Probe probe = Runtimes.safeProbe(all.provider(runtimeId()).orElseThrow());
    assertThat(probe).as("%s must be installed where the tests run (.ci/run installs it)", runtimeId())
        .isInstanceOf(Probe.Available.class);
    rt = all.open(runtimeId());
    assertThat(rt.id()).isEqualTo(runtimeId());
    assertThat(rt.version()).isNotBlank();
  }

  @AfterAll
  void close() {
    if (rt != null) {
      rt.close();
    }
  }

  protected Instance instance(String wat) {
    Loaded l = rt.load(Wasm.of(wat, TestTools.wat(wat)));
    return rt.instantiate(l);
  }

  protected static Val.S32 i32(int v) {
    return new Val.S32(v);
  }

  // ---- core modules ----------------------------------------------------------------------

  @Test
  void coreModuleCalls() {
    if (!rt.supports(Feature.CORE_MODULE)) {
      assertUnsupported(() -> rt.load(Wasm.of("core", TestTools.wat("core"))));
      return;
    }
    Instance i = instance("core");
    assertThat(i.invoke("add", List.of(i32(2), i32(40)))).containsExactly(i32(42));
    assertThat(i.invoke("add", List.of(i32(Integer.MAX_VALUE), i32(1)))).containsExactly(i32(Integer.MIN_VALUE));
    assertThat(i.invoke("mix", List.of(new Val.S64(Long.MIN_VALUE), new Val.F32(-0.0f), new Val.F64(2.5))))
        .containsExactly(new Val.F64(2.5), new Val.S64(Long.MIN_VALUE), new Val.F32(-0.0f));
    float nanPayload = Float.intBitsToFloat(0x7fc0_1234);
    List<Val> nan = i.invoke("mix", List.of(new Val.S64(1), new Val.F32(nanPayload), new Val.F64(Double.NEGATIVE_INFINITY)));
    assertThat(nan.subList(0, 2)).containsExactly(new Val.F64(Double.NEGATIVE_INFINITY), new Val.S64(1));
    if (preservesNanPayloads()) {
      assertThat(nan.get(2)).isEqualTo(new Val.F32(nanPayload));
    } else {
      assertThat(nan.get(2)).isInstanceOfSatisfying(Val.F32.class, f -> assertThat(f.value()).isNaN());
    }
  }

  /**
   * Whether core float values keep their NaN payloads across the harness. Runtimes reached
   * through JavaScript may not: the JS API turns f32/f64 into Numbers, whose NaNs are
   * implementation-defined.
   */
  protected boolean preservesNanPayloads() {
    return true;
  }

  @Test
  void coreTrapsAreTraps() {
    if (!rt.supports(Feature.CORE_MODULE)) {
      return;
    }
    Instance i = instance("core");
    RuntimeFailure f = catchThrowableOfType(RuntimeFailure.class, () -> i.invoke("trap", List.of()));
    assertThat(f).isNotNull();
    assertThat(f.kind()).isEqualTo(Kind.TRAP);
    assertThat(f.getMessage()).containsIgnoringCase("unreachable");
    RuntimeFailure s = catchThrowableOfType(RuntimeFailure.class, () -> instance("core").invoke("recurse", List.of()));
    assertThat(s).isNotNull();
    assertThat(s.kind()).isIn(Kind.EXHAUSTED, Kind.TRAP);
  }

  @Test
  void badCoreBinariesAreRejectedByKind() {
    if (!rt.supports(Feature.CORE_MODULE)) {
      return;
    }
    assertFailure(() -> rt.load(Wasm.of("truncated", new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0, 1})), Kind.MALFORMED);
    assertFailure(() -> rt.load(Wasm.of("magic", new byte[] {0, 'w', 'a', 's', 'm', 1, 0, 0, 0})), Kind.MALFORMED);
    // (module (func (result i32) (i64.const 0))): decodes, does not validate.
    byte[] invalid = TestTools.parseWat("(module (func (result i32) (i64.const 0)))");
    assertFailure(() -> rt.load(Wasm.of("invalid", invalid)), Kind.INVALID);
    // An import nothing provides.
    byte[] importing = TestTools.parseWat("(module (import \"env\" \"f\" (func)))");
    Loaded l = rt.load(Wasm.of("importing", importing));
    assertFailure(() -> rt.instantiate(l), Kind.UNLINKABLE);
  }

  // ---- components -----------------------------------------------------------------------

  @Test
  void componentValuesRoundTrip() {
    if (!rt.supports(Feature.COMPONENT)) {
      assertUnsupported(() -> rt.instantiate(rt.load(echo())));
      return;
    }
    Instance i = rt.instantiate(rt.load(echo()));
    assertThat(i.invoke(ECHO + "add", List.of(new Val.U32(40), new Val.U32(2)))).containsExactly(new Val.U32(42));
    List<Val[]> cases = List.of(
        new Val[] {new Val.Bool(true)}, new Val[] {new Val.Bool(false)},
        new Val[] {new Val.U8(255)}, new Val[] {new Val.S8((byte) -128)},
        new Val[] {new Val.U16(65535)}, new Val[] {new Val.S16((short) -2)},
        new Val[] {new Val.S32(-7)}, new Val[] {new Val.U32(4_000_000_000L)},
        new Val[] {new Val.Char(0x1F600)}, new Val[] {new Val.Char('x')},
        new Val[] {new Val.S64(Long.MIN_VALUE)}, new Val[] {new Val.U64(-1L)},
        new Val[] {new Val.F32(-1.5f)}, new Val[] {new Val.F64(Math.PI)});
    String[] names = {"bool", "bool", "u8", "s8", "u16", "s16", "s32", "u32", "char", "char", "s64", "u64", "f32", "f64"};
    for (int k = 0; k < cases.size(); k++) {
      Val v = cases.get(k)[0];
      assertThat(i.invoke(ECHO + "echo-" + names[k], List.of(v))).as("echo-%s %s", names[k], v).containsExactly(v);
    }
    roundTrip(i, "echo-string", new Val.Str("☃☺️öツ and ascii"));
    roundTrip(i, "echo-string", new Val.Str(""));
    roundTrip(i, "echo-list", new Val.ListOf(List.of(new Val.U16(1), new Val.U16(65535), new Val.U16(0))));
    roundTrip(i, "echo-list", new Val.ListOf(List.of()));
    roundTrip(i, "echo-record", new Val.RecordOf(List.of(new Val.Field("a", new Val.U8(7)), new Val.Field("b-c", new Val.Str("bee")))));
    roundTrip(i, "echo-variant", new Val.VariantOf("a", null));
    roundTrip(i, "echo-variant", new Val.VariantOf("b", new Val.U32(99)));
    roundTrip(i, "echo-variant", new Val.VariantOf("c", new Val.Str("sea")));
    roundTrip(i, "echo-enum", new Val.EnumOf("green"));
    roundTrip(i, "echo-flags", new Val.FlagsOf(List.of("x", "z")));
    roundTrip(i, "echo-flags", new Val.FlagsOf(List.of()));
    roundTrip(i, "echo-option", Val.OptionOf.NONE);
    roundTrip(i, "echo-option", new Val.OptionOf(new Val.Str("some")));
    roundTrip(i, "echo-result", new Val.ResultOf(true, new Val.U32(5)));
    roundTrip(i, "echo-result", new Val.ResultOf(false, new Val.Str("bad")));
    roundTrip(i, "echo-tuple", new Val.TupleOf(List.of(new Val.S64(-1), new Val.F64(0.25))));
    assertThat(i.invoke(ECHO + "nothing", List.of())).isEmpty();
  }

  private static void roundTrip(Instance i, String export, Val v) {
    assertThat(i.invoke(ECHO + export, List.of(v))).as("%s %s", export, v).containsExactly(v);
  }

  /** The exported interface instance of the echo component; functions are nested in it. */
  protected static final String ECHO = "trellis:test/echo#";

  protected static Wasm echo() {
    return Wasm.of("echo", TestTools.witComponent("echo", "echoer"));
  }

  @Test
  void componentTrapsAndBadBinaries() {
    if (!rt.supports(Feature.COMPONENT)) {
      return;
    }
    Instance i = rt.instantiate(rt.load(echo()));
    RuntimeFailure f = catchThrowableOfType(RuntimeFailure.class, () -> i.invoke(ECHO + "trap", List.of()));
    assertThat(f).isNotNull();
    assertThat(f.kind()).isEqualTo(Kind.TRAP);
    assertThat(f.getMessage()).containsIgnoringCase("unreachable");
    assertFailure(() -> rt.load(Wasm.of("truncated", new byte[] {0, 'a', 's', 'm', 0x0d, 0, 1, 0, 7})), Kind.MALFORMED);
    // A lifted function whose core function has the wrong signature: decodes, does not validate.
    byte[] invalid = TestTools.parseWat("""
        (component
          (core module $m (func (export "f") (param i64)))
          (core instance $i (instantiate $m))
          (func (export "f") (param "x" u32) (canon lift (core func $i "f"))))""");
    assertFailure(() -> rt.load(Wasm.of("invalid", invalid)), Kind.INVALID);
  }

  // ---- WASI commands ----------------------------------------------------------------------

  @Test
  void wasiCommandGetsArgsEnvStdioAndPreopens(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
    Wasm hello = Wasm.of("hello", TestTools.cCommand("hello"));
    if (!rt.supports(Feature.WASI_COMMAND)) {
      assertUnsupported(() -> rt.runCommand(hello, dev.trellis.harness.spi.WasiCommand.of()));
      return;
    }
    java.nio.file.Path data = java.nio.file.Files.createDirectories(tmp.resolve("data"));
    java.nio.file.Files.writeString(data.resolve("input.txt"), "from the host");
    var how = dev.trellis.harness.spi.WasiCommand.of("one", "two words")
        .withEnv(java.util.Map.of("GREETING", "hi there", "EXIT_CODE", "7"))
        .withStdin("piped in".getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .withPreopens(List.of(new dev.trellis.harness.spi.WasiCommand.Preopen(data, "/data", false)));
    var r = rt.runCommand(hello, how);
    assertThat(r.trap()).isNull();
    assertThat(r.stdoutText()).isEqualTo("""
        arg[1]=one
        arg[2]=two words
        GREETING=hi there
        input.txt=from the host
        write=ok
        """);
    assertThat(r.stderrText()).isEqualTo("stdin=piped in\n");
    // WASI 0.2's wasi:cli/exit carries ok/err only: the preview1 adapter maps any non-zero
    // proc_exit code to err, which every runtime reports as exit code 1.
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(data.resolve("output.txt")).hasContent("written by the guest");

    // Read-only preopen: reading works, creating a file is denied; nothing inherited from the
    // host. A runtime that cannot enforce read-only must refuse it, never grant write access.
    java.nio.file.Files.delete(data.resolve("output.txt"));
    var readOnly = dev.trellis.harness.spi.WasiCommand.of()
        .withPreopens(List.of(new dev.trellis.harness.spi.WasiCommand.Preopen(data, "/data", true)));
    try {
      var ro = rt.runCommand(hello, readOnly);
      assertThat(ro.stdoutText()).isEqualTo("GREETING=(unset)\ninput.txt=from the host\nwrite=denied\n");
      assertThat(ro.exitCode()).isZero();
    } catch (RuntimeFailure f) {
      assertThat(f.kind()).as(f.toString()).isEqualTo(Kind.UNSUPPORTED);
    }
    assertThat(data.resolve("output.txt")).doesNotExist();

    // No preopen at all: the file is unreachable.
    var none = rt.runCommand(hello, dev.trellis.harness.spi.WasiCommand.of());
    assertThat(none.stdoutText()).contains("input.txt=(unreadable)").contains("write=denied");
  }

  protected static void assertFailure(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Kind kind) {
    assertThatThrownBy(call).isInstanceOfSatisfying(RuntimeFailure.class, f -> assertThat(f.kind()).as(f.toString()).isEqualTo(kind));
  }

  protected static void assertUnsupported(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    assertFailure(call, Kind.UNSUPPORTED);
  }
}

package dev.trellis.engine.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.engine.error.LinkException;
import dev.trellis.engine.error.TrapException;
import dev.trellis.engine.error.TrapKind;
import dev.trellis.engine.testing.Wat;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Core execution on both Chicory backends: traps, interruption, fuel, and sharing definitions across instances. */
class CoreBackendTest {
  static final byte[] TRAPS = Wat.parse("""
      (module
        (memory (export "mem") 1)
        (table 2 funcref)
        (type $t (func (result i32)))
        (func $f (result i64) (i64.const 1))
        (elem (i32.const 1) func $f)
        (func (export "unreachable") unreachable)
        (func (export "oob") (drop (i32.load (i32.const 70000))))
        (func (export "div") (drop (i32.div_s (i32.const 1) (i32.const 0))))
        (func (export "ovf") (drop (i32.div_s (i32.const 0x80000000) (i32.const -1))))
        (func (export "conv") (drop (i32.trunc_f32_s (f32.const nan))))
        (func (export "undef") (drop (call_indirect (type $t) (i32.const 0))))
        (func (export "mismatch") (drop (call_indirect (type $t) (i32.const 1))))
        (func (export "tableoob") (drop (call_indirect (type $t) (i32.const 5))))
        (func $rec (export "stack") (call $rec))
        (func (export "loop") (loop $l (br $l)))
        (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
      )""");

  static CoreExports none() {
    return name -> null;
  }

  static TrapKind trap(CoreInstance i, String f, long... args) {
    try {
      ((CoreFunc) i.export(f)).call(args);
    } catch (TrapException e) {
      return e.kind();
    }
    throw new AssertionError("no trap from " + f);
  }

  @ParameterizedTest
  @EnumSource(CoreBackend.class)
  void chicoryTrapsBecomeTrapKinds(CoreBackend backend) {
    CoreInstance i = CoreModule.compile(TRAPS, backend).instantiate(m -> null, null);
    assertThat(trap(i, "unreachable")).isEqualTo(TrapKind.UNREACHABLE);
    assertThat(trap(i, "oob")).isEqualTo(TrapKind.MEMORY_OUT_OF_BOUNDS);
    assertThat(trap(i, "div")).isEqualTo(TrapKind.INTEGER_DIVIDE_BY_ZERO);
    assertThat(trap(i, "ovf")).isEqualTo(TrapKind.INTEGER_OVERFLOW);
    assertThat(trap(i, "conv")).isEqualTo(TrapKind.INVALID_CONVERSION_TO_INTEGER);
    assertThat(trap(i, "undef")).isEqualTo(TrapKind.UNINITIALIZED_ELEMENT);
    assertThat(trap(i, "mismatch")).isEqualTo(TrapKind.INDIRECT_CALL_TYPE_MISMATCH);
    assertThat(trap(i, "tableoob")).isEqualTo(TrapKind.TABLE_OUT_OF_BOUNDS);
    assertThat(trap(i, "stack")).isEqualTo(TrapKind.STACK_OVERFLOW);
    assertThat(((CoreFunc) i.export("add")).call(2, 40)).containsExactly(42);
  }

  @ParameterizedTest
  @EnumSource(CoreBackend.class)
  void aLoopingGuestIsStoppedByInterruption(CoreBackend backend) {
    CoreInstance i = CoreModule.compile(TRAPS, backend).instantiate(m -> null, null);
    Thread me = Thread.currentThread();
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    try {
      timer.schedule(me::interrupt, 200, TimeUnit.MILLISECONDS);
      long t0 = System.nanoTime();
      assertThat(trap(i, "loop")).isEqualTo(TrapKind.DEADLINE_EXCEEDED);
      assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(20));
      assertThat(Thread.currentThread().isInterrupted()).isFalse();
    } finally {
      timer.shutdownNow();
    }
  }

  @org.junit.jupiter.api.Test
  void fuelStopsALoopingGuestOnTheInterpreter() {
    Fuel fuel = new Fuel();
    fuel.set(10_000);
    CoreInstance i = CoreModule.compile(TRAPS, CoreBackend.INTERPRETER).instantiate(m -> null, fuel);
    assertThat(trap(i, "loop")).isEqualTo(TrapKind.FUEL_EXHAUSTED);
    assertThat(fuel.remaining()).isZero();
    fuel.set(100);
    assertThat(((CoreFunc) i.export("add")).call(1, 2)).containsExactly(3);
    assertThat(fuel.remaining()).isLessThan(100).isGreaterThan(90);
  }

  static final byte[] COUNTER = Wat.parse("""
      (module
        (memory (export "mem") 1)
        (global (export "g") (mut i32) (i32.const 5))
        (table (export "tbl") 2 funcref)
        (tag (export "t") (param i32))
        (func $ten (result i32) (i32.const 10))
        (elem (i32.const 0) func $ten)
        (func (export "bump") (result i32)
          (global.set 0 (i32.add (global.get 0) (i32.const 1))) (global.get 0))
        (func (export "throw") (param i32) (throw 0 (local.get 0))))""");

  static final byte[] CLIENT = Wat.parse("""
      (module
        (type $r (func (result i32)))
        (import "c" "mem" (memory 1))
        (import "c" "g" (global (mut i32)))
        (import "c" "tbl" (table 2 funcref))
        (import "c" "t" (tag $t (param i32)))
        (import "c" "bump" (func $bump (result i32)))
        (import "c" "throw" (func $throw (param i32)))
        (import "host" "twice" (func $twice (param i32) (result i32)))
        (func (export "run") (result i32)
          (i32.store (i32.const 8) (i32.const 77))
          (drop (call $bump))
          (i32.add (global.get 0) (call_indirect (type $r) (i32.const 0))))
        (func (export "twice") (param i32) (result i32) (call $twice (local.get 0)))
        (func (export "catch") (param i32) (result i32)
          (block $h (result i32)
            (try_table (catch $t $h) (call $throw (local.get 0)))
            (i32.const -1))))""");

  /**
   * The two modules number their types differently ({@code (func (result i32))} is type 0 in the
   * client, not in the counter), which Chicory 1.7.5 alone gets wrong for the indirect call
   * through the shared table; {@link IndirectTable} makes it check the caller's type.
   */
  @ParameterizedTest
  @EnumSource(CoreBackend.class)
  void importsShareMemoriesGlobalsTablesTagsAndFunctions(CoreBackend backend) {
    CoreInstance counter = CoreModule.compile(COUNTER, backend).instantiate(m -> null, null);
    CoreExports host = new SyntheticCoreInstance(Map.of("twice", CoreFunc.host(a -> new long[] {a[0] * 2})));
    CoreInstance client = CoreModule.compile(CLIENT, backend)
        .instantiate(m -> m.equals("c") ? counter : m.equals("host") ? host : null, null);
    assertThat(((CoreFunc) client.export("run")).call()).containsExactly(16); // global 6 + 10 from the shared table
    assertThat(((CoreMemory) counter.export("mem")).readInt(8)).isEqualTo(77);
    assertThat(((CoreGlobal) counter.export("g")).value()).isEqualTo(6);
    assertThat(((CoreFunc) client.export("twice")).call(21)).containsExactly(42);
    assertThat(((CoreFunc) client.export("catch")).call(9)).containsExactly(9);
    assertThat(counter.export("nope")).isNull();
    assertThat(counter.export("mem")).isSameAs(counter.export("mem"));
  }

  static final byte[] SHIM = Wat.parse("""
      (module
        (type $ii (func (param i32) (result i32)))
        (type $v (func))
        (table (export "t") 2 funcref)
        (func (export "call") (param i32 i32) (result i32)
          (call_indirect (type $ii) (local.get 0) (local.get 1)))
        (func (export "call-wrong") (param i32)
          (call_indirect (type $v) (local.get 0))))""");

  static final byte[] FILLER = Wat.parse("""
      (module
        (import "shim" "t" (table 2 funcref))
        (type $unused (func (param f64)))
        (func $inc (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
        (func $nop)
        (elem (i32.const 0) func $inc $nop))""");

  /** A shim calls through a table another module fills: the toolchains' pattern for lowered imports and destructors. */
  @ParameterizedTest
  @EnumSource(CoreBackend.class)
  void indirectCallsIntoAnotherModuleCheckTheCallersType(CoreBackend backend) {
    CoreInstance shim = CoreModule.compile(SHIM, backend).instantiate(m -> null, null);
    CoreModule.compile(FILLER, backend).instantiate(m -> m.equals("shim") ? shim : null, null);
    assertThat(((CoreFunc) shim.export("call")).call(41, 0)).containsExactly(42);
    assertThat(trap(shim, "call", 1, 1)).isEqualTo(TrapKind.INDIRECT_CALL_TYPE_MISMATCH);
    assertThat(trap(shim, "call-wrong", 0)).isEqualTo(TrapKind.INDIRECT_CALL_TYPE_MISMATCH);
    assertThat(shim.export("call-wrong")).isNotNull();
  }

  @ParameterizedTest
  @EnumSource(CoreBackend.class)
  void uncaughtExceptionsAndHostFailuresTrap(CoreBackend backend) {
    CoreInstance counter = CoreModule.compile(COUNTER, backend).instantiate(m -> null, null);
    assertThat(trap(counter, "throw", 3)).isEqualTo(TrapKind.UNCAUGHT_EXCEPTION);
    CoreExports host = new SyntheticCoreInstance(Map.of("twice", CoreFunc.host(a -> {
      throw new IllegalStateException("host bug");
    })));
    CoreInstance client = CoreModule.compile(CLIENT, backend)
        .instantiate(m -> m.equals("c") ? counter : m.equals("host") ? host : null, null);
    assertThatThrownBy(() -> ((CoreFunc) client.export("twice")).call(1)).isInstanceOf(TrapException.class)
        .hasMessageContaining("host bug");
    CoreExports trapping = new SyntheticCoreInstance(Map.of("twice", CoreFunc.host(a -> {
      throw new TrapException(TrapKind.CANNOT_LEAVE);
    })));
    CoreInstance client2 = CoreModule.compile(CLIENT, backend)
        .instantiate(m -> m.equals("c") ? counter : m.equals("host") ? trapping : null, null);
    assertThat(trap(client2, "twice", 1)).isEqualTo(TrapKind.CANNOT_LEAVE);
  }

  /** Only the start section runs at instantiation; an export named {@code _start} is just an export. */
  @ParameterizedTest
  @EnumSource(CoreBackend.class)
  void onlyTheStartSectionRunsAtInstantiation(CoreBackend backend) {
    byte[] m = Wat.parse("""
        (module
          (global $g (export "g") (mut i32) (i32.const 0))
          (func $init (global.set $g (i32.add (global.get $g) (i32.const 1))))
          (func (export "_start") (global.set $g (i32.const 100)))
          (start $init))""");
    CoreInstance i = CoreModule.compile(m, backend).instantiate(x -> null, null);
    assertThat(((CoreGlobal) i.export("g")).value()).isEqualTo(1);
  }

  @org.junit.jupiter.api.Test
  void compiledClassesAreCachedAndReused(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    CoreModule first = CoreModule.compile(TRAPS, CoreBackend.COMPILER, dir);
    assertThat(((CoreFunc) first.instantiate(m -> null, null).export("add")).call(1, 2)).containsExactly(3);
    long files;
    try (var s = java.nio.file.Files.list(dir)) {
      files = s.count();
    }
    assertThat(files).isPositive();
    CoreModule second = CoreModule.compile(TRAPS, CoreBackend.COMPILER, dir); // from the cache
    assertThat(((CoreFunc) second.instantiate(m -> null, null).export("add")).call(2, 3)).containsExactly(5);
    assertThat(trap(second.instantiate(m -> null, null), "div")).isEqualTo(TrapKind.INTEGER_DIVIDE_BY_ZERO);
  }

  @ParameterizedTest
  @EnumSource(CoreBackend.class)
  void missingImportsAreLinkErrors(CoreBackend backend) {
    assertThatThrownBy(() -> CoreModule.compile(CLIENT, backend).instantiate(m -> null, null))
        .isInstanceOf(LinkException.class).hasMessageContaining("`c`");
  }
}

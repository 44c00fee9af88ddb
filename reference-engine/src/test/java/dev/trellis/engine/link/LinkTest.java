package dev.trellis.engine.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.engine.core.CoreBackend;
import dev.trellis.engine.error.LinkException;
import dev.trellis.engine.error.TrapException;
import dev.trellis.engine.error.TrapKind;
import dev.trellis.engine.runtime.Engine;
import dev.trellis.engine.runtime.EngineConfig;
import dev.trellis.engine.runtime.Instance;
import dev.trellis.engine.runtime.Lift;
import dev.trellis.engine.runtime.Lower;
import dev.trellis.engine.runtime.ResourceHandle;
import dev.trellis.engine.runtime.Store;
import dev.trellis.engine.runtime.TypedFunc;
import dev.trellis.engine.runtime.Val;
import dev.trellis.engine.testing.Wat;
import dev.trellis.engine.types.FuncType;
import dev.trellis.engine.types.PrimType;
import dev.trellis.engine.types.ResourceType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Instantiation, linking and calls through the Canonical ABI, on both core backends. */
class LinkTest {

  static Engine engine(CoreBackend b) {
    return new Engine(EngineConfig.defaults().coreBackend(b));
  }

  static Instance instantiate(CoreBackend b, String wat) {
    Engine e = engine(b);
    return new Linker<Void>(e).instantiate(new Store<>(e, null), Component.fromBinary(e, Wat.parse(wat)));
  }

  static TrapKind trap(Runnable r) {
    try {
      r.run();
    } catch (TrapException e) {
      return e.kind();
    }
    throw new AssertionError("no trap");
  }

  static final String LIBC = """
      (core module $Libc
        (memory (export "mem") 1)
        (global $next (mut i32) (i32.const 1024))
        (func (export "realloc") (param $old i32) (param $osize i32) (param $align i32) (param $nsize i32) (result i32)
          (local $r i32)
          (global.set $next (i32.and (i32.add (global.get $next) (i32.sub (local.get $align) (i32.const 1)))
                                     (i32.sub (i32.const 0) (local.get $align))))
          (local.set $r (global.get $next))
          (global.set $next (i32.add (global.get $next) (local.get $nsize)))
          (if (local.get $old) (then (memory.copy (local.get $r) (local.get $old) (local.get $osize))))
          (local.get $r)))
      (core instance $libc (instantiate $Libc))
      """;

  static final String ECHO = """
      (component
        %s
        (core module $M
          (import "libc" "mem" (memory 1))
          (global $freed (mut i32) (i32.const 0))
          (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
          (func (export "echo") (param $p i32) (param $n i32) (result i32)
            (i32.store (i32.const 16) (local.get $p))
            (i32.store (i32.const 20) (local.get $n))
            (i32.const 16))
          (func (export "free") (param i32) (global.set $freed (i32.add (global.get $freed) (i32.const 1))))
          (func (export "freed") (result i32) (global.get $freed))
          (func (export "loop") (loop $l (br $l))))
        (core instance $m (instantiate $M (with "libc" (instance $libc))))
        (func (export "add") (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $m "add")))
        (func (export "echo") (param "s" string) (result string)
          (canon lift (core func $m "echo") (memory (core memory $libc "mem")) (realloc (core func $libc "realloc"))
            (post-return (core func $m "free"))))
        (func (export "bytes") (param "b" (list u8)) (result (list u8))
          (canon lift (core func $m "echo") (memory (core memory $libc "mem")) (realloc (core func $libc "realloc"))))
        (func (export "freed") (result u32) (canon lift (core func $m "freed")))
        (func (export "loop") (canon lift (core func $m "loop")))
      )""".formatted(LIBC);

  @ParameterizedTest
  @EnumSource(CoreBackend.class)
  void callsExportsWithValsAndRunsPostReturn(CoreBackend b) {
    Instance i = instantiate(b, ECHO);
    assertThat(i.func("add").call(new Val.U32(40), new Val.U32(2))).isEqualTo(new Val.U32(42));
    assertThat(i.func("add").call(new Val.U32(0xFFFF_FFFFL), new Val.U32(1))).isEqualTo(new Val.U32(0));
    assertThat(i.func("echo").call(new Val.Str("hö☃🍰"))).isEqualTo(new Val.Str("hö☃🍰"));
    assertThat(i.func("echo").call(new Val.Str(""))).isEqualTo(new Val.Str(""));
    assertThat(i.func("freed").call()).isEqualTo(new Val.U32(2));
    Val bytes = new Val.ListOf(List.of(new Val.U8(1), new Val.U8(255)));
    assertThat(i.func("bytes").call(bytes)).isEqualTo(bytes);
    assertThat(i.func("add").type().params()).hasSize(2);
  }

  @ParameterizedTest
  @EnumSource(CoreBackend.class)
  void typedFuncsSkipVals(CoreBackend b) {
    Instance i = instantiate(b, ECHO);
    TypedFunc<Lower.Tuple2<Integer, Integer>, Integer> add = i.typedFunc("add", Lower.params(Lower.u32(), Lower.u32()), Lift.u32());
    assertThat(add.call(new Lower.Tuple2<>(40, 2))).isEqualTo(42);
    TypedFunc<String, String> echo = i.typedFunc("echo", Lower.params(Lower.string()), Lift.string());
    assertThat(echo.call("typed ☃")).isEqualTo("typed ☃");
    TypedFunc<byte[], byte[]> bytes = i.typedFunc("bytes", Lower.params(Lower.bytes()), Lift.bytes());
    assertThat(bytes.call(new byte[] {1, 2, 3})).containsExactly(1, 2, 3);
    assertThatThrownBy(() -> i.typedFunc("echo", Lower.params(Lower.u32()), Lift.string()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @EnumSource(CoreBackend.class)
  void aLoopingGuestIsStoppedByTheDeadlineAndStaysDead(CoreBackend b) {
    Engine e = engine(b);
    Store<Void> store = new Store<>(e, null);
    Instance i = new Linker<Void>(e).instantiate(store, Component.fromBinary(e, Wat.parse(ECHO)));
    store.setCallTimeout(Duration.ofMillis(200));
    assertThat(trap(() -> i.func("loop").call())).isEqualTo(TrapKind.DEADLINE_EXCEEDED);
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
    // the trap left the instance entered: it cannot be entered again
    assertThat(trap(() -> i.func("add").call(new Val.U32(1), new Val.U32(2)))).isEqualTo(TrapKind.CANNOT_ENTER);
  }

  @ParameterizedTest
  @EnumSource(CoreBackend.class)
  void memoryGrowthStopsAtTheStoresLimit(CoreBackend b) {
    String grow = """
        (component
          (core module $M (memory 1) (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
          (core instance $m (instantiate $M))
          (func (export "grow") (param "n" u32) (result s32) (canon lift (core func $m "grow"))))""";
    Engine e = engine(b);
    Store<Void> store = new Store<>(e, null);
    store.setMemoryLimit(4 * 65536);
    Instance i = new Linker<Void>(e).instantiate(store, Component.fromBinary(e, Wat.parse(grow)));
    assertThat(i.func("grow").call(new Val.U32(2))).isEqualTo(new Val.S32(1)); // 1 -> 3 pages
    assertThat(i.func("grow").call(new Val.U32(2))).isEqualTo(new Val.S32(-1)); // 5 > 4: refused
    assertThat(i.func("grow").call(new Val.U32(1))).isEqualTo(new Val.S32(3));
    Store<Void> tiny = new Store<>(e, null);
    tiny.setMemoryLimit(0);
    assertThatThrownBy(() -> new Linker<Void>(e).instantiate(tiny, Component.fromBinary(e, Wat.parse(grow))))
        .isInstanceOf(LinkException.class).hasMessageContaining("memory limit");
  }

  @Test
  void fuelStopsALoopingGuest() {
    Engine e = engine(CoreBackend.INTERPRETER);
    Store<Void> store = new Store<>(e, null);
    store.setFuel(50_000);
    Instance i = new Linker<Void>(e).instantiate(store, Component.fromBinary(e, Wat.parse(ECHO)));
    assertThat(trap(() -> i.func("loop").call())).isEqualTo(TrapKind.FUEL_EXHAUSTED);
    assertThat(store.fuel()).isZero();
  }

  static final String IMPORTS = """
      (component
        (import "test:demo/host@1.2.0" (instance $h
          (export "greet" (func (param "name" string) (result string)))
          (export "call-back" (func))))
        %s
        (core func $greet (canon lower (func $h "greet") (memory (core memory $libc "mem")) (realloc (core func $libc "realloc"))))
        (core func $cb (canon lower (func $h "call-back")))
        (core module $M
          (import "h" "greet" (func $greet (param i32 i32 i32)))
          (import "h" "cb" (func $cb))
          (func (export "run") (param $p i32) (param $n i32) (result i32)
            (call $greet (local.get $p) (local.get $n) (i32.const 32))
            (i32.const 32))
          (func (export "reenter") (call $cb))
          (func (export "nop")))
        (core instance $m (instantiate $M (with "h" (instance (export "greet" (func $greet)) (export "cb" (func $cb))))))
        (func (export "run") (param "s" string) (result string)
          (canon lift (core func $m "run") (memory (core memory $libc "mem")) (realloc (core func $libc "realloc"))))
        (func (export "reenter") (canon lift (core func $m "reenter")))
        (func (export "nop") (canon lift (core func $m "nop")))
      )""".formatted(LIBC);

  @ParameterizedTest
  @EnumSource(CoreBackend.class)
  void hostImportsLinkBySemverAndReentranceTraps(CoreBackend b) {
    Engine e = engine(b);
    Component c = Component.fromBinary(e, Wat.parse(IMPORTS));
    Linker<List<String>> linker = new Linker<>(e);
    AtomicReference<Instance> self = new AtomicReference<>();
    linker.instance("test:demo/host@1.2.7")
        .func("greet", new FuncType(List.of(new FuncType.Param("name", PrimType.STRING)), PrimType.STRING),
            (store, args) -> {
              store.data().add(((Val.Str) args[0]).value());
              return new Val.Str("hello, " + ((Val.Str) args[0]).value());
            })
        .func("call-back", (store, args) -> {
          self.get().func("nop").call(); // the host re-enters the instance that called it
          return null;
        });
    InstancePre<List<String>> pre = linker.instantiatePre(c);
    List<String> seen = new ArrayList<>();
    Instance i = pre.instantiate(new Store<>(e, seen));
    self.set(i);
    assertThat(i.func("run").call(new Val.Str("wörld"))).isEqualTo(new Val.Str("hello, wörld"));
    assertThat(seen).containsExactly("wörld");
    assertThat(trap(() -> i.func("reenter").call())).isEqualTo(TrapKind.CANNOT_ENTER);
    // a second instance from the same pre is independent
    Instance j = pre.instantiate(new Store<>(e, new ArrayList<>()));
    assertThat(j.func("run").call(new Val.Str("x"))).isEqualTo(new Val.Str("hello, x"));
  }

  @ParameterizedTest
  @EnumSource(CoreBackend.class)
  void typedHostFunctionsSkipVals(CoreBackend b) {
    Engine e = engine(b);
    Component c = Component.fromBinary(e, Wat.parse(IMPORTS));
    Linker<Void> linker = new Linker<>(e);
    linker.instance("test:demo/host@1.2.0")
        .func("greet", Lift.params(Lift.string()), Lower.string(), (store, name) -> "hi " + name)
        .func("call-back", Lift.params(), null, (store, none) -> null);
    Instance i = linker.instantiate(new Store<>(e, null), c);
    assertThat(i.func("run").call(new Val.Str("typed ☃"))).isEqualTo(new Val.Str("hi typed ☃"));
    i.func("reenter").call();
    Linker<Void> wrong = new Linker<>(e);
    wrong.instance("test:demo/host@1.2.0")
        .func("greet", Lift.params(Lift.bytes()), Lower.string(), (store, bytes) -> "")
        .func("call-back", Lift.params(), null, (store, none) -> null);
    assertThatThrownBy(() -> wrong.instantiatePre(c)).isInstanceOf(LinkException.class)
        .hasMessageContaining("type mismatch");
  }

  @ParameterizedTest
  @EnumSource(CoreBackend.class)
  void anInstanceLinksIntoAnotherComponentsImports(CoreBackend b) {
    Engine e = engine(b);
    Store<Void> store = new Store<>(e, null);
    Instance echo = new Linker<Void>(e).instantiate(store, Component.fromBinary(e, Wat.parse(ECHO)));
    Linker<Void> linker = new Linker<>(e);
    linker.instance("test:demo/host@1.2.0", echo); // echo exports more than "greet" needs...
    assertThatThrownBy(() -> linker.instantiatePre(Component.fromBinary(e, Wat.parse(IMPORTS))))
        .isInstanceOf(LinkException.class).hasMessageContaining("greet");
    String user = """
        (component
          (import "test:demo/echo@1.0.0" (instance $h (export "echo" (func (param "s" string) (result string)))))
          %s
          (core func $echo (canon lower (func $h "echo") (memory (core memory $libc "mem")) (realloc (core func $libc "realloc"))))
          (core module $M
            (import "h" "echo" (func $echo (param i32 i32 i32)))
            (func (export "twice") (param $p i32) (param $n i32) (result i32)
              (call $echo (local.get $p) (local.get $n) (i32.const 48))
              (i32.const 48)))
          (core instance $m (instantiate $M (with "h" (instance (export "echo" (func $echo))))))
          (func (export "run") (param "s" string) (result string)
            (canon lift (core func $m "twice") (memory (core memory $libc "mem")) (realloc (core func $libc "realloc")))))
        """.formatted(LIBC);
    Linker<Void> l2 = new Linker<>(e);
    l2.instance("test:demo/echo@1.0.3", echo);
    Instance u = l2.instantiate(store, Component.fromBinary(e, Wat.parse(user)));
    assertThat(u.func("run").call(new Val.Str("both ways ☃"))).isEqualTo(new Val.Str("both ways ☃"));
    // the call went through echo's post-return
    assertThat(echo.func("freed").call()).isEqualTo(new Val.U32(1));
  }

  @Test
  void missingAndMismatchedImportsAreLinkErrors() {
    Engine e = engine(CoreBackend.INTERPRETER);
    Component c = Component.fromBinary(e, Wat.parse(IMPORTS));
    assertThatThrownBy(() -> new Linker<Void>(e).instantiatePre(c)).isInstanceOf(LinkException.class)
        .hasMessageContaining("test:demo/host@1.2.0");
    Linker<Void> older = new Linker<>(e);
    older.instance("test:demo/host@2.0.0").func("greet", (s, a) -> null).func("call-back", (s, a) -> null);
    assertThatThrownBy(() -> older.instantiatePre(c)).isInstanceOf(LinkException.class);
    Linker<Void> wrong = new Linker<>(e);
    wrong.instance("test:demo/host@1.2.0")
        .func("greet", new FuncType(List.of(new FuncType.Param("name", PrimType.U32)), PrimType.STRING), (s, a) -> null)
        .func("call-back", (s, a) -> null);
    assertThatThrownBy(() -> wrong.instantiatePre(c)).isInstanceOf(LinkException.class)
        .hasMessageContaining("type mismatch for import");
    Linker<Void> partial = new Linker<>(e);
    partial.instance("test:demo/host@1.2.0").func("greet", (s, a) -> null);
    assertThatThrownBy(() -> partial.instantiatePre(c)).hasMessageContaining("call-back");
  }

  static final String C2C = """
      (component
        (component $C
          %s
          (core module $M
            (import "libc" "mem" (memory 1))
            (func (export "upper") (param $p i32) (param $n i32) (result i32)
              (local $i i32)
              (loop $l (if (i32.lt_u (local.get $i) (local.get $n)) (then
                (i32.store16 (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 1)))
                  (i32.sub (i32.load16_u (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 1)))) (i32.const 32)))
                (local.set $i (i32.add (local.get $i) (i32.const 1))) (br $l))))
              (i32.store (i32.const 16) (local.get $p))
              (i32.store (i32.const 20) (local.get $n))
              (i32.const 16)))
          (core instance $m (instantiate $M (with "libc" (instance $libc))))
          (func (export "upper") (param "s" string) (result string)
            (canon lift (core func $m "upper") string-encoding=utf16 (memory (core memory $libc "mem")) (realloc (core func $libc "realloc")))))
        (component $D
          (import "upper" (func $upper (param "s" string) (result string)))
          %s
          (core func $upper' (canon lower (func $upper) (memory (core memory $libc "mem")) (realloc (core func $libc "realloc"))))
          (core module $N
            (import "" "upper" (func $upper (param i32 i32 i32)))
            (func (export "run") (param $p i32) (param $n i32) (result i32)
              (call $upper (local.get $p) (local.get $n) (i32.const 8)) (i32.const 8)))
          (core instance $n (instantiate $N (with "" (instance (export "upper" (func $upper'))))))
          (func (export "run") (param "s" string) (result string)
            (canon lift (core func $n "run") (memory (core memory $libc "mem")) (realloc (core func $libc "realloc")))))
        (instance $c (instantiate $C))
        (instance $d (instantiate $D (with "upper" (func $c "upper"))))
        (func (export "run") (alias export $d "run"))
      )""".formatted(LIBC, LIBC);

  @ParameterizedTest
  @EnumSource(CoreBackend.class)
  void componentToComponentCallsTranscode(CoreBackend b) {
    Instance i = instantiate(b, C2C);
    assertThat(i.func("run").call(new Val.Str("abc"))).isEqualTo(new Val.Str("ABC"));
  }

  static final String RESOURCES = """
      (component
        (import "host" (instance $h
          (export "blob" (type $blob (sub resource)))
          (export "make" (func (param "n" u32) (result (own $blob))))
          (export "size" (func (param "b" (borrow $blob)) (result u32)))))
        (alias export $h "blob" (type $blob))
        (core func $make (canon lower (func $h "make")))
        (core func $size (canon lower (func $h "size")))
        (canon resource.drop $blob (core func $drop-blob))
        (core module $Dtor
          (global $dtors (export "dtors") (mut i32) (i32.const 0))
          (func (export "dtor") (param i32) (global.set $dtors (i32.add (global.get $dtors) (local.get 0)))))
        (core instance $d (instantiate $Dtor))
        (type $R (resource (rep i32) (dtor (core func $d "dtor"))))
        (core func $new (canon resource.new $R))
        (core func $rep (canon resource.rep $R))
        (core func $drop (canon resource.drop $R))
        (core module $M
          (import "" "make" (func $make (param i32) (result i32)))
          (import "" "size" (func $size (param i32) (result i32)))
          (import "" "drop-blob" (func $drop-blob (param i32)))
          (import "" "new" (func $new (param i32) (result i32)))
          (import "" "rep" (func $rep (param i32) (result i32)))
          (import "d" "dtors" (global $dtors (mut i32)))
          (func (export "dtors") (result i32) (global.get $dtors))
          (func (export "blob-size") (param $n i32) (result i32)
            (local $h i32) (local $s i32)
            (local.set $h (call $make (local.get $n)))
            (local.set $s (call $size (local.get $h)))
            (call $drop-blob (local.get $h))
            (local.get $s))
          (func (export "mk") (param i32) (result i32) (call $new (local.get 0)))
          (func (export "peek") (param i32) (result i32) (local.get 0)))
        (core instance $m (instantiate $M (with "" (instance
          (export "make" (func $make)) (export "size" (func $size)) (export "drop-blob" (func $drop-blob))
          (export "new" (func $new)) (export "rep" (func $rep))))
          (with "d" (instance $d))))
        (export $R' "r" (type $R))
        (func (export "blob-size") (param "n" u32) (result u32) (canon lift (core func $m "blob-size")))
        (func (export "mk") (param "rep" u32) (result (own $R')) (canon lift (core func $m "mk")))
        (func (export "peek") (param "r" (borrow $R')) (result u32) (canon lift (core func $m "peek")))
        (func (export "give") (param "r" (own $R')) (canon lift (core func $drop)))
        (func (export "dtors") (result u32) (canon lift (core func $m "dtors")))
      )""";

  @ParameterizedTest
  @EnumSource(CoreBackend.class)
  void hostAndGuestResources(CoreBackend b) {
    Engine e = engine(b);
    ResourceType blob = new ResourceType("blob");
    List<Integer> dropped = new ArrayList<>();
    Linker<Void> linker = new Linker<>(e);
    linker.instance("host")
        .resource("blob", blob, (store, rep) -> dropped.add(rep))
        .func("make", (store, args) -> new Val.Own(ResourceHandle.own(blob, (int) ((Val.U32) args[0]).value() * 10)))
        .func("size", (store, args) -> {
          ResourceHandle h = ((Val.Borrow) args[0]).handle();
          assertThat(h.type()).isSameAs(blob);
          return new Val.U32(h.rep());
        });
    Store<Void> store = new Store<>(e, null);
    Instance i = linker.instantiate(store, Component.fromBinary(e, Wat.parse(RESOURCES)));
    assertThat(i.func("blob-size").call(new Val.U32(7))).isEqualTo(new Val.U32(70));
    assertThat(dropped).containsExactly(70);
    // a guest resource handed to the host, borrowed back, then given back and destroyed
    Val.Own own = (Val.Own) i.func("mk").call(new Val.U32(5));
    assertThat(own.handle().type()).isSameAs(i.resourceType("r"));
    assertThat(i.func("peek").call(new Val.Borrow(own.handle()))).isEqualTo(new Val.U32(5));
    assertThat(i.func("peek").call(own)).isEqualTo(new Val.U32(5)); // lending an owned handle
    i.func("give").call(own);
    assertThat(own.handle().isLive()).isFalse();
    assertThat(i.func("dtors").call()).isEqualTo(new Val.U32(5)); // the destructor ran with rep 5
    assertThat(trap(() -> i.func("give").call(own))).isEqualTo(TrapKind.HANDLE_MOVED);
    // the host drops a guest resource it owns: the guest's destructor runs
    Val.Own other = (Val.Own) i.func("mk").call(new Val.U32(30));
    store.dropResource(other.handle());
    assertThat(i.func("dtors").call()).isEqualTo(new Val.U32(35));
    assertThat(trap(() -> store.dropResource(other.handle()))).isEqualTo(TrapKind.HANDLE_MOVED);
  }

  @Test
  void argumentsThatDoNotFitTheTypeAreTheHostsErrorAndLeaveTheInstanceUsable() {
    Instance i = instantiate(CoreBackend.INTERPRETER, ECHO);
    assertThatThrownBy(() -> i.func("add").call(new Val.S32(1), new Val.U32(2))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> i.func("add").call(new Val.U32(1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> i.func("echo").call(new Val.Str("\uD800"))).isInstanceOf(IllegalArgumentException.class);
    assertThat(i.func("add").call(new Val.U32(1), new Val.U32(2))).isEqualTo(new Val.U32(3));
  }
}

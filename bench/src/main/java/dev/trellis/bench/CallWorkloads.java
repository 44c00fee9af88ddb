package dev.trellis.bench;

import dev.trellis.engine.core.CoreBackend;
import dev.trellis.engine.core.CoreExports;
import dev.trellis.engine.core.CoreFunc;
import dev.trellis.engine.core.CoreInstance;
import dev.trellis.engine.core.CoreMemory;
import dev.trellis.engine.core.CoreModule;
import dev.trellis.engine.core.SyntheticCoreInstance;
import dev.trellis.engine.link.Component;
import dev.trellis.engine.link.Linker;
import dev.trellis.engine.runtime.Engine;
import dev.trellis.engine.runtime.EngineConfig;
import dev.trellis.engine.runtime.Instance;
import dev.trellis.engine.runtime.Lift;
import dev.trellis.engine.runtime.Lower;
import dev.trellis.engine.runtime.Store;
import dev.trellis.engine.runtime.TypedFunc;
import dev.trellis.engine.text.ComponentWat;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The call workloads of {@link ComponentCallBench}: the same four calls made on a component
 * (through the Canonical ABI, typed API) and on a plain core module (marshalled by hand, as an
 * embedder of a core module would), on one core backend.
 *
 * <ul>
 *   <li>host→guest {@code nop()};
 *   <li>host→guest {@code echo(s: string, b: list<u8>) -> string}: both arguments copied into
 *       the guest's memory through its allocator, the string returned and copied back out;
 *   <li>guest→host {@code nop()}, called by a guest export;
 *   <li>guest→host {@code echo}: the guest passes a string and bytes from its memory, the host
 *       returns the string, which is copied back into guest memory.
 * </ul>
 */
public final class CallWorkloads {
  /** The guest allocator: bump allocation from 1 KiB, reset by {@code free}. */
  static final String LIBC = """
        (memory (export "mem") 1)
        (global $next (mut i32) (i32.const 1024))
        (func $realloc (export "realloc") (param $old i32) (param $osize i32) (param $align i32) (param $nsize i32) (result i32)
          (local $r i32)
          (local.set $r (i32.and (i32.add (global.get $next) (i32.sub (local.get $align) (i32.const 1)))
                                 (i32.sub (i32.const 0) (local.get $align))))
          (global.set $next (i32.add (local.get $r) (local.get $nsize)))
          (if (i32.gt_u (global.get $next) (i32.mul (memory.size) (i32.const 65536))) (then unreachable))
          (local.get $r))
        (func $free (export "free") (param i32) (global.set $next (i32.const 1024)))
        (data (i32.const 64) "hello, component model")
        (data (i32.const 128) "\\00\\01\\02\\03\\04\\05\\06\\07\\08\\09\\0a\\0b\\0c\\0d\\0e\\0f")
      """;

  /** Guest code shared by both forms: echo returns its string through a return area. */
  static final String GUEST = """
        (func (export "nop"))
        (func (export "echo") (param $sp i32) (param $sl i32) (param $bp i32) (param $bl i32) (result i32)
          (i32.store (i32.const 16) (local.get $sp))
          (i32.store (i32.const 20) (local.get $sl))
          (i32.const 16))
        (func (export "call-nop") (call $host-nop))
        (func (export "call-echo") (result i32)
          (call $host-echo (i32.const 64) (i32.const 22) (i32.const 128) (i32.const 16) (i32.const 32))
          (call $free (i32.const 0))
          (i32.load (i32.const 36)))
      """;

  static final String COMPONENT = """
      (component
        (import "bench:calls/host" (instance $h
          (export "nop" (func))
          (export "echo" (func (param "s" string) (param "b" (list u8)) (result string)))))
        (core module $Libc %s)
        (core instance $libc (instantiate $Libc))
        (core func $host-nop (canon lower (func $h "nop")))
        (core func $host-echo (canon lower (func $h "echo")
          (memory (core memory $libc "mem")) (realloc (core func $libc "realloc"))))
        (core module $M
          (import "libc" "mem" (memory 1))
          (import "libc" "free" (func $free (param i32)))
          (import "host" "nop" (func $host-nop))
          (import "host" "echo" (func $host-echo (param i32 i32 i32 i32 i32)))
          %s)
        (core instance $m (instantiate $M
          (with "libc" (instance $libc))
          (with "host" (instance (export "nop" (func $host-nop)) (export "echo" (func $host-echo))))))
        (func (export "nop") (canon lift (core func $m "nop")))
        (func (export "echo") (param "s" string) (param "b" (list u8)) (result string)
          (canon lift (core func $m "echo") (memory (core memory $libc "mem")) (realloc (core func $libc "realloc"))
            (post-return (core func $libc "free"))))
        (func (export "call-nop") (canon lift (core func $m "call-nop")))
        (func (export "call-echo") (result u32) (canon lift (core func $m "call-echo")))
      )""".formatted(LIBC, GUEST);

  static final String CORE = """
      (module
        (import "host" "nop" (func $host-nop))
        (import "host" "echo" (func $host-echo (param i32 i32 i32 i32 i32)))
        %s
        %s)""".formatted(LIBC, GUEST);

  public static final String TEXT = "hello, component model";
  public static final byte[] BYTES = new byte[64];

  // component
  final Instance component;
  final TypedFunc<Void, Void> cNop;
  final TypedFunc<Lower.Tuple2<String, byte[]>, String> cEcho;
  final TypedFunc<Void, Void> cCallNop;
  final TypedFunc<Void, Integer> cCallEcho;
  final Lower.Tuple2<String, byte[]> echoArgs = new Lower.Tuple2<>(TEXT, BYTES);
  // core
  final CoreFunc kNop;
  final CoreFunc kEcho;
  final CoreFunc kRealloc;
  final CoreFunc kFree;
  final CoreFunc kCallNop;
  final CoreFunc kCallEcho;
  final CoreMemory kMem;

  public CallWorkloads(CoreBackend backend) {
    Engine engine = new Engine(EngineConfig.defaults().coreBackend(backend));
    Component c = Component.fromBinary(engine, ComponentWat.assemble(COMPONENT, "calls.wat", ComponentWat.Options.DEFAULT));
    Linker<Void> linker = new Linker<>(engine);
    linker.instance("bench:calls/host")
        .func("nop", Lift.params(), null, (store, none) -> null)
        .func("echo", Lift.params(Lift.string(), Lift.bytes()), Lower.string(), (store, p) -> p.a());
    component = linker.instantiate(new Store<>(engine, null), c);
    cNop = component.typedFunc("nop", Lower.params(), Lift.none());
    cEcho = component.typedFunc("echo", Lower.params(Lower.string(), Lower.bytes()), Lift.string());
    cCallNop = component.typedFunc("call-nop", Lower.params(), Lift.none());
    cCallEcho = component.typedFunc("call-echo", Lower.params(), Lift.u32());

    CoreModule m = CoreModule.compile(ComponentWat.assemble(CORE, "calls-core.wat", ComponentWat.Options.DEFAULT), backend);
    CoreMemory[] mem = new CoreMemory[1];
    CoreFunc[] realloc = new CoreFunc[1];
    CoreExports host = new SyntheticCoreInstance(Map.of(
        "nop", CoreFunc.host(a -> null),
        "echo", CoreFunc.host(a -> {
          // what a core embedder writes by hand: read both arguments, call, copy the result back
          String s = new String(mem[0].readBytes((int) a[0], (int) a[1]), StandardCharsets.UTF_8);
          byte[] b = mem[0].readBytes((int) a[2], (int) a[3]);
          String r = hostEcho(s, b);
          byte[] out = r.getBytes(StandardCharsets.UTF_8);
          long p = realloc[0].call(0, 0, 1, out.length)[0];
          mem[0].write((int) p, out, 0, out.length);
          mem[0].writeInt((int) a[4], (int) p);
          mem[0].writeInt((int) a[4] + 4, out.length);
          return null;
        })));
    CoreInstance ci = m.instantiate(name -> name.equals("host") ? host : null, null);
    kNop = (CoreFunc) ci.export("nop");
    kEcho = (CoreFunc) ci.export("echo");
    kRealloc = (CoreFunc) ci.export("realloc");
    kFree = (CoreFunc) ci.export("free");
    kCallNop = (CoreFunc) ci.export("call-nop");
    kCallEcho = (CoreFunc) ci.export("call-echo");
    kMem = (CoreMemory) ci.export("mem");
    mem[0] = kMem;
    realloc[0] = kRealloc;
  }

  static String hostEcho(String s, byte[] b) {
    return s;
  }

  public void componentNop() {
    cNop.call(null);
  }

  public void coreNop() {
    kNop.call();
  }

  public String componentEcho() {
    return cEcho.call(echoArgs);
  }

  /** The component call's work done by hand: allocate and copy both arguments, call, copy the result out, free. */
  public String coreEcho() {
    byte[] s = TEXT.getBytes(StandardCharsets.UTF_8);
    long sp = kRealloc.call(0, 0, 1, s.length)[0];
    kMem.write((int) sp, s, 0, s.length);
    long bp = kRealloc.call(0, 0, 1, BYTES.length)[0];
    kMem.write((int) bp, BYTES, 0, BYTES.length);
    long ret = kEcho.call(sp, s.length, bp, BYTES.length)[0];
    int p = kMem.readInt((int) ret);
    int n = kMem.readInt((int) ret + 4);
    String r = new String(kMem.readBytes(p, n), StandardCharsets.UTF_8);
    kFree.call(ret);
    return r;
  }

  public void componentCallsHostNop() {
    cCallNop.call(null);
  }

  public void coreCallsHostNop() {
    kCallNop.call();
  }

  public int componentCallsHostEcho() {
    return cCallEcho.call(null);
  }

  public int coreCallsHostEcho() {
    return (int) kCallEcho.call()[0];
  }
}

package dev.trellis.engine.wasi;

import dev.trellis.engine.error.TrapException;
import dev.trellis.engine.error.TrapKind;
import dev.trellis.engine.link.Linker;
import dev.trellis.engine.runtime.Val;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/** {@code wasi:random}: {@code random}, {@code insecure}, {@code insecure-seed}. */
final class RandomHost {
  private RandomHost() {}

  /** The most bytes one call returns; more is a trap rather than an out-of-memory host. */
  static final long MAX_BYTES = 64L << 20;

  static <T> void random(Linker<T> l, Function<T, WasiState> view) {
    new HostIface<>(l, view, "wasi:random/random")
        .func("get-random-bytes", (s, a) -> bytes(s.ctx.random, V.u64(a[0])))
        .func("get-random-u64", (s, a) -> V.u64(next(s.ctx.random)))
        .done();
  }

  static <T> void insecure(Linker<T> l, Function<T, WasiState> view) {
    new HostIface<>(l, view, "wasi:random/insecure")
        .func("get-insecure-random-bytes", (s, a) -> bytes(s.ctx.insecureRandom, V.u64(a[0])))
        .func("get-insecure-random-u64", (s, a) -> V.u64(next(s.ctx.insecureRandom)))
        .done();
  }

  static <T> void insecureSeed(Linker<T> l, Function<T, WasiState> view) {
    new HostIface<>(l, view, "wasi:random/insecure-seed")
        .func("insecure-seed", (s, a) -> V.tuple(V.u64(s.ctx.insecureSeed[0]), V.u64(s.ctx.insecureSeed[1])))
        .done();
  }

  private static long next(RandomGenerator r) {
    synchronized (r) {
      return r.nextLong();
    }
  }

  private static Val bytes(RandomGenerator r, long len) {
    if (len < 0 || len > MAX_BYTES) {
      throw new TrapException(TrapKind.HOST_ERROR, "random bytes: " + Long.toUnsignedString(len) + " is more than the host gives at once");
    }
    byte[] b = new byte[(int) len];
    synchronized (r) {
      r.nextBytes(b);
    }
    return V.bytes(b);
  }
}

package dev.trellis.engine.wasi;

import dev.trellis.engine.error.TrapException;
import dev.trellis.engine.error.TrapKind;
import dev.trellis.engine.runtime.Val;
import java.util.random.RandomGenerator;

/** What the {@code wasi:random} hosts share: drawing from the {@link WasiCtx}'s generators. */
final class RandomHost {
  private RandomHost() {}

  /** The most bytes one call returns; more is a trap rather than an out-of-memory host. */
  static final long MAX_BYTES = 64L << 20;

  static long next(RandomGenerator r) {
    synchronized (r) {
      return r.nextLong();
    }
  }

  static Val bytes(RandomGenerator r, long len) {
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

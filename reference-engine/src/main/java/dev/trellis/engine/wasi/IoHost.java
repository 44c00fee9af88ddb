package dev.trellis.engine.wasi;

import dev.trellis.engine.error.TrapException;
import dev.trellis.engine.error.TrapKind;
import dev.trellis.engine.runtime.Val;

/** What the {@code wasi:io} hosts share: stream operations and their {@code stream-error}s. */
final class IoHost {
  private IoHost() {}

  static final int MAX_BLOCKING = 4096;

  static void blockingWriteAndFlush(Waker w, HostOutputStream out, byte[] b) {
    if (b.length > MAX_BLOCKING) {
      throw new TrapException(TrapKind.HOST_ERROR, "blocking-write-and-flush of more than 4096 bytes");
    }
    int off = 0;
    while (off < b.length) {
      long permit = out.checkWrite();
      if (permit == 0) {
        Poll.block(w, out.readiness());
        continue;
      }
      int n = (int) Math.min(permit, b.length - off);
      out.write(off == 0 && n == b.length ? b : java.util.Arrays.copyOfRange(b, off, off + n));
      off += n;
    }
    out.blockingFlush(w);
  }

  static HostInputStream in(WasiState s, Val[] a) {
    return s.table.get(V.rep(a[0]), HostInputStream.class);
  }

  static HostOutputStream out(WasiState s, Val[] a) {
    return s.table.get(V.rep(a[0]), HostOutputStream.class);
  }

  static int len(Val v) {
    return len(V.u64(v));
  }

  /** A length the host reads or writes at once: at most 1 MiB (a request for more gets less). */
  static int len(long n) {
    return n < 0 || n > (1 << 20) ? 1 << 20 : (int) n;
  }

  /** Runs a stream operation: its value as {@code ok}, a {@link StreamError} as {@code err(stream-error)}. */
  static Val stream(WasiState s, java.util.function.Supplier<Val> op) {
    try {
      return V.ok(op.get());
    } catch (StreamError.Closed c) {
      return V.err(V.variant("closed"));
    } catch (StreamError.Failed f) {
      return V.err(V.variant("last-operation-failed", V.own(WasiTypes.ERROR, s.table.push(f.error))));
    }
  }
}

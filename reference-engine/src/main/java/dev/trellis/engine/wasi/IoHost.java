package dev.trellis.engine.wasi;

import dev.trellis.engine.error.TrapException;
import dev.trellis.engine.error.TrapKind;
import dev.trellis.engine.link.Linker;
import dev.trellis.engine.runtime.Val;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** {@code wasi:io}: {@code error}, {@code poll} and {@code streams}. */
final class IoHost {
  private IoHost() {}

  static final int MAX_BLOCKING = 4096;

  /** {@code wasi:io/error}. */
  static <T> void error(Linker<T> l, Function<T, WasiState> view) {
    new HostIface<>(l, view, "wasi:io/error")
        .func("[method]error.to-debug-string", (s, a) -> V.str(s.table.get(V.rep(a[0]), StreamError.IoError.class).message()))
        .done();
  }

  /** {@code wasi:io/poll}. */
  static <T> void poll(Linker<T> l, Function<T, WasiState> view) {
    new HostIface<>(l, view, "wasi:io/poll")
        .func("[method]pollable.ready", (s, a) -> V.bool(s.table.get(V.rep(a[0]), Pollable.class).ready()))
        .func("[method]pollable.block", (s, a) -> {
          Poll.block(s.waker, s.table.get(V.rep(a[0]), Pollable.class));
          return null;
        })
        .func("poll", (s, a) -> {
          List<Val> in = V.list(a[0]);
          if (in.isEmpty()) {
            throw new TrapException(TrapKind.HOST_ERROR, "poll: the list of pollables is empty");
          }
          List<Pollable> ps = new ArrayList<>(in.size());
          for (Val v : in) {
            ps.add(s.table.get(V.rep(v), Pollable.class));
          }
          List<Val> out = new ArrayList<>();
          for (int i : Poll.poll(s.waker, ps)) {
            out.add(V.u32(i));
          }
          return V.list(out);
        })
        .done();
  }

  /** {@code wasi:io/streams}. */
  static <T> void streams(Linker<T> l, Function<T, WasiState> view) {
    new HostIface<>(l, view, "wasi:io/streams")
        .func("[method]input-stream.read", (s, a) -> stream(s, () -> V.bytes(in(s, a).read(len(a[1])))))
        .func("[method]input-stream.blocking-read", (s, a) -> stream(s, () -> V.bytes(in(s, a).blockingRead(s.waker, len(a[1])))))
        .func("[method]input-stream.skip", (s, a) -> stream(s, () -> V.u64(in(s, a).skip(V.u64(a[1])))))
        .func("[method]input-stream.blocking-skip", (s, a) -> stream(s, () -> V.u64(in(s, a).blockingSkip(s.waker, V.u64(a[1])))))
        .func("[method]input-stream.subscribe", (s, a) -> V.own(WasiTypes.POLLABLE, s.table.push(in(s, a).readiness())))
        .func("[method]output-stream.check-write", (s, a) -> stream(s, () -> V.u64(out(s, a).checkWrite())))
        .func("[method]output-stream.write", (s, a) -> stream(s, () -> {
          out(s, a).write(V.bytes(a[1]));
          return null;
        }))
        .func("[method]output-stream.blocking-write-and-flush", (s, a) -> {
          byte[] b = V.bytes(a[1]);
          return stream(s, () -> {
            blockingWriteAndFlush(s.waker, out(s, a), b);
            return null;
          });
        })
        .func("[method]output-stream.flush", (s, a) -> stream(s, () -> {
          out(s, a).flush();
          return null;
        }))
        .func("[method]output-stream.blocking-flush", (s, a) -> stream(s, () -> {
          out(s, a).blockingFlush(s.waker);
          return null;
        }))
        .func("[method]output-stream.subscribe", (s, a) -> V.own(WasiTypes.POLLABLE, s.table.push(out(s, a).readiness())))
        .func("[method]output-stream.write-zeroes", (s, a) -> stream(s, () -> {
          out(s, a).write(new byte[len(a[1])]);
          return null;
        }))
        .func("[method]output-stream.blocking-write-zeroes-and-flush", (s, a) -> {
          long n = V.u64(a[1]);
          if (n > MAX_BLOCKING) {
            throw new TrapException(TrapKind.HOST_ERROR, "blocking-write-zeroes-and-flush of more than 4096 bytes");
          }
          return stream(s, () -> {
            blockingWriteAndFlush(s.waker, out(s, a), new byte[(int) n]);
            return null;
          });
        })
        .func("[method]output-stream.splice", (s, a) -> stream(s, () -> {
          HostOutputStream dst = out(s, a);
          HostInputStream src = s.table.get(V.rep(a[1]), HostInputStream.class);
          long n = Math.min(V.u64(a[2]), dst.checkWrite());
          byte[] b = src.read(len(n));
          dst.write(b);
          return V.u64(b.length);
        }))
        .func("[method]output-stream.blocking-splice", (s, a) -> stream(s, () -> {
          HostOutputStream dst = out(s, a);
          HostInputStream src = s.table.get(V.rep(a[1]), HostInputStream.class);
          long want = V.u64(a[2]);
          long permit;
          while ((permit = dst.checkWrite()) == 0) {
            Poll.block(s.waker, dst.readiness());
          }
          byte[] b = src.blockingRead(s.waker, len(Math.min(want, permit)));
          dst.write(b);
          return V.u64(b.length);
        }))
        .done();
  }

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

  private static HostInputStream in(WasiState s, Val[] a) {
    return s.table.get(V.rep(a[0]), HostInputStream.class);
  }

  private static HostOutputStream out(WasiState s, Val[] a) {
    return s.table.get(V.rep(a[0]), HostOutputStream.class);
  }

  private static int len(Val v) {
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

package dev.trellis.engine.wasi;

import static dev.trellis.engine.wasi.IoHost.*;

import dev.trellis.engine.error.TrapException;
import dev.trellis.engine.error.TrapKind;
import dev.trellis.engine.link.Linker;
import java.util.function.Function;

/** The host of {@code wasi:io/streams}: input and output streams, blocking and not, splice and subscribe. */
final class IoStreams {
  private IoStreams() {}

  static <T> void define(Linker<T> l, Function<T, WasiState> view) {
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
}

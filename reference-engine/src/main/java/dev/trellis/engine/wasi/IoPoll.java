package dev.trellis.engine.wasi;

import static dev.trellis.engine.wasi.IoHost.*;

import dev.trellis.engine.error.TrapException;
import dev.trellis.engine.error.TrapKind;
import dev.trellis.engine.link.Linker;
import dev.trellis.engine.runtime.Val;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The host of {@code wasi:io/poll}: {@code pollable.ready}, {@code pollable.block} and {@code poll}. */
final class IoPoll {
  private IoPoll() {}

  static <T> void define(Linker<T> l, Function<T, WasiState> view) {
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
}

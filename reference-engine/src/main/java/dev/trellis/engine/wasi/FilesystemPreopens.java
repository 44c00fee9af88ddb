package dev.trellis.engine.wasi;

import static dev.trellis.engine.wasi.FilesystemHost.*;

import dev.trellis.engine.link.Linker;
import dev.trellis.engine.runtime.Val;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** The host of {@code wasi:filesystem/preopens}: a fresh descriptor for each preopened directory. */
final class FilesystemPreopens {
  private FilesystemPreopens() {}

static <T> void define(Linker<T> l, Function<T, WasiState> view) {
    new HostIface<>(l, view, "wasi:filesystem/preopens")
        .func("get-directories", (s, a) -> {
          List<Val> out = new ArrayList<>();
          for (WasiCtx.Preopen p : s.ctx.preopens) {
            Set<String> flags = p.perms() == WasiCtx.Perms.READ_WRITE ? Set.of("read", "mutate-directory") : Set.of("read");
            Descriptor d = new Descriptor(p, List.of(), true, flags, null);
            out.add(V.tuple(V.own(WasiTypes.DESCRIPTOR, s.table.push(d)), V.str(p.guestPath())));
          }
          return V.list(out);
        })
        .done();
  }
}

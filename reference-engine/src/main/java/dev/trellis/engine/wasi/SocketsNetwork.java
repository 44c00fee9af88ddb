package dev.trellis.engine.wasi;

import static dev.trellis.engine.wasi.SocketsHost.*;

import dev.trellis.engine.link.Linker;
import java.util.function.Function;

/** The host of {@code wasi:sockets/network}: the {@code network} capability and {@code network-error-code}. */
final class SocketsNetwork {
  private SocketsNetwork() {}

  static <T> void define(Linker<T> l, Function<T, WasiState> view) {
    new HostIface<>(l, view, "wasi:sockets/network")
        .func("network-error-code", (s, a) -> {
          StreamError.IoError e = s.table.get(V.rep(a[0]), StreamError.IoError.class);
          return e.networkCode() == null ? V.NONE : V.some(V.enumOf(e.networkCode()));
        })
        .done();
  }
}

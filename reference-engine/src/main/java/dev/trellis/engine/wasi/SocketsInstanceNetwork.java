package dev.trellis.engine.wasi;

import static dev.trellis.engine.wasi.SocketsHost.*;

import dev.trellis.engine.link.Linker;
import java.util.function.Function;

/** The host of {@code wasi:sockets/instance-network}: every guest gets the network; what it may reach is the {@link WasiCtx}'s grants. */
final class SocketsInstanceNetwork {
  private SocketsInstanceNetwork() {}

  static <T> void define(Linker<T> l, Function<T, WasiState> view) {
    new HostIface<>(l, view, "wasi:sockets/instance-network")
        .func("instance-network", (s, a) -> V.own(WasiTypes.NETWORK, s.table.push(new Network())))
        .done();
  }
}

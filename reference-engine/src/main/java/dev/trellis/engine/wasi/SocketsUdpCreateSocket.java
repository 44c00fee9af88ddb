package dev.trellis.engine.wasi;

import static dev.trellis.engine.wasi.SocketsHost.*;

import dev.trellis.engine.link.Linker;
import java.util.function.Function;

/** The host of {@code wasi:sockets/udp-create-socket}: sockets are inert until bound. */
final class SocketsUdpCreateSocket {
  private SocketsUdpCreateSocket() {}

  static <T> void define(Linker<T> l, Function<T, WasiState> view) {
    new HostIface<>(l, view, "wasi:sockets/udp-create-socket")
        .func("create-udp-socket", (s, a) -> net(() ->
            V.own(WasiTypes.UDP_SOCKET, s.table.push(new UdpSocket(V.caseOf(a[0]).equals("ipv6"))))))
        .done();
  }
}

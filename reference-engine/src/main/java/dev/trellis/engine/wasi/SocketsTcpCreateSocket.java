package dev.trellis.engine.wasi;

import static dev.trellis.engine.wasi.SocketsHost.*;

import dev.trellis.engine.link.Linker;
import java.util.function.Function;

/** The host of {@code wasi:sockets/tcp-create-socket}: sockets are inert until bound or connected. */
final class SocketsTcpCreateSocket {
  private SocketsTcpCreateSocket() {}

  static <T> void define(Linker<T> l, Function<T, WasiState> view) {
    new HostIface<>(l, view, "wasi:sockets/tcp-create-socket")
        .func("create-tcp-socket", (s, a) -> net(() ->
            V.own(WasiTypes.TCP_SOCKET, s.table.push(new TcpSocket(V.caseOf(a[0]).equals("ipv6"))))))
        .done();
  }
}

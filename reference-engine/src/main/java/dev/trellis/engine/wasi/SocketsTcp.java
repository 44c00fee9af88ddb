package dev.trellis.engine.wasi;

import static dev.trellis.engine.wasi.SocketsHost.*;

import dev.trellis.engine.link.Linker;
import java.net.InetSocketAddress;
import java.util.function.Function;

/** The host of {@code wasi:sockets/tcp}: {@link TcpSocket}s, every address granted by the {@link WasiCtx} or refused with {@code access-denied}. */
final class SocketsTcp {
  private SocketsTcp() {}

static <T> void define(Linker<T> l, Function<T, WasiState> view) {
    String m = "[method]tcp-socket.";
    new HostIface<>(l, view, "wasi:sockets/tcp")
        .func(m + "start-bind", (s, a) -> net(() -> {
          TcpSocket t = tcpOf(s, a[0]);
          s.table.get(V.rep(a[1]), Network.class);
          InetSocketAddress local = SocketAddrs.socketAddress(a[2]);
          if (t.state == TcpSocket.State.UNBOUND) {
            SocketAddrs.checkLocal(local, t.v6);
            granted(s, local);
          }
          t.startBind(local);
          return null;
        }))
        .func(m + "finish-bind", (s, a) -> net(() -> {
          tcpOf(s, a[0]).finishBind();
          return null;
        }))
        .func(m + "start-connect", (s, a) -> net(() -> {
          TcpSocket t = tcpOf(s, a[0]);
          s.table.get(V.rep(a[1]), Network.class);
          InetSocketAddress remote = SocketAddrs.socketAddress(a[2]);
          if (t.state == TcpSocket.State.UNBOUND || t.state == TcpSocket.State.BOUND) {
            SocketAddrs.checkRemote(remote, t.v6);
            granted(s, remote);
          }
          t.startConnect(remote);
          return null;
        }))
        .func(m + "finish-connect", (s, a) -> net(() -> {
          TcpSocket t = tcpOf(s, a[0]);
          t.finishConnect();
          return V.tuple(V.own(WasiTypes.INPUT_STREAM, s.table.push(t.input)),
              V.own(WasiTypes.OUTPUT_STREAM, s.table.push(t.output)));
        }))
        .func(m + "start-listen", (s, a) -> net(() -> {
          tcpOf(s, a[0]).startListen();
          return null;
        }))
        .func(m + "finish-listen", (s, a) -> net(() -> {
          tcpOf(s, a[0]).finishListen();
          return null;
        }))
        .func(m + "accept", (s, a) -> net(() -> {
          TcpSocket c = tcpOf(s, a[0]).accept();
          return V.tuple(V.own(WasiTypes.TCP_SOCKET, s.table.push(c)),
              V.own(WasiTypes.INPUT_STREAM, s.table.push(c.input)),
              V.own(WasiTypes.OUTPUT_STREAM, s.table.push(c.output)));
        }))
        .func(m + "local-address", (s, a) -> net(() -> SocketAddrs.socketAddress(tcpOf(s, a[0]).localAddress())))
        .func(m + "remote-address", (s, a) -> net(() -> SocketAddrs.socketAddress(tcpOf(s, a[0]).remoteAddress())))
        .func(m + "is-listening", (s, a) -> V.bool(tcpOf(s, a[0]).state == TcpSocket.State.LISTENING))
        .func(m + "address-family", (s, a) -> V.enumOf(tcpOf(s, a[0]).v6 ? "ipv6" : "ipv4"))
        .func(m + "set-listen-backlog-size", (s, a) -> net(() -> {
          TcpSocket t = tcpOf(s, a[0]);
          long n = V.u64(a[1]);
          if (n == 0) {
            throw new NetError("invalid-argument");
          }
          if (t.state == TcpSocket.State.CONNECT_STARTED || t.state == TcpSocket.State.CONNECTED) {
            throw new NetError("invalid-state");
          }
          t.backlog = (int) Math.min(Math.max(n, 1), 65535);
          return null;
        }))
        .func(m + "keep-alive-enabled", (s, a) -> net(() -> V.bool(tcpOf(s, a[0]).keepAlive)))
        .func(m + "set-keep-alive-enabled", (s, a) -> net(() -> {
          tcpOf(s, a[0]).setKeepAlive(V.bool(a[1]));
          return null;
        }))
        .func(m + "keep-alive-idle-time", (s, a) -> net(() -> V.u64(tcpOf(s, a[0]).keepIdle)))
        .func(m + "set-keep-alive-idle-time", (s, a) -> net(() -> {
          tcpOf(s, a[0]).keepIdle = positive(V.u64(a[1]), 1_000_000_000L);
          return null;
        }))
        .func(m + "keep-alive-interval", (s, a) -> net(() -> V.u64(tcpOf(s, a[0]).keepInterval)))
        .func(m + "set-keep-alive-interval", (s, a) -> net(() -> {
          tcpOf(s, a[0]).keepInterval = positive(V.u64(a[1]), 1_000_000_000L);
          return null;
        }))
        .func(m + "keep-alive-count", (s, a) -> net(() -> V.u32(tcpOf(s, a[0]).keepCount)))
        .func(m + "set-keep-alive-count", (s, a) -> net(() -> {
          tcpOf(s, a[0]).keepCount = (int) Math.min(positive(V.u32(a[1]), 1), 127);
          return null;
        }))
        .func(m + "hop-limit", (s, a) -> net(() -> V.u8(tcpOf(s, a[0]).hopLimit)))
        .func(m + "set-hop-limit", (s, a) -> net(() -> {
          tcpOf(s, a[0]).hopLimit = (int) positive(V.u8(a[1]), 1);
          return null;
        }))
        .func(m + "receive-buffer-size", (s, a) -> net(() -> V.u64(tcpOf(s, a[0]).receiveBuffer)))
        .func(m + "set-receive-buffer-size", (s, a) -> net(() -> {
          tcpOf(s, a[0]).receiveBuffer = positive(V.u64(a[1]), 1);
          return null;
        }))
        .func(m + "send-buffer-size", (s, a) -> net(() -> V.u64(tcpOf(s, a[0]).sendBuffer)))
        .func(m + "set-send-buffer-size", (s, a) -> net(() -> {
          tcpOf(s, a[0]).sendBuffer = positive(V.u64(a[1]), 1);
          return null;
        }))
        .func(m + "subscribe", (s, a) -> V.own(WasiTypes.POLLABLE, s.table.push(tcpOf(s, a[0]).readiness())))
        .func(m + "shutdown", (s, a) -> net(() -> {
          tcpOf(s, a[0]).shutdown(V.caseOf(a[1]));
          return null;
        }))
        .done();
  }
}

package dev.trellis.engine.wasi;

import static dev.trellis.engine.wasi.SocketsHost.*;

import dev.trellis.engine.error.TrapException;
import dev.trellis.engine.error.TrapKind;
import dev.trellis.engine.link.Linker;
import dev.trellis.engine.runtime.Val;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The host of {@code wasi:sockets/udp}: {@link UdpSocket}s and their datagram streams, every address granted or refused with {@code access-denied}. */
final class SocketsUdp {
  private SocketsUdp() {}

static <T> void define(Linker<T> l, Function<T, WasiState> view) {
    String m = "[method]udp-socket.";
    new HostIface<>(l, view, "wasi:sockets/udp")
        .func(m + "start-bind", (s, a) -> net(() -> {
          UdpSocket u = udpOf(s, a[0]);
          s.table.get(V.rep(a[1]), Network.class);
          InetSocketAddress local = SocketAddrs.socketAddress(a[2]);
          if (u.ch == null) {
            SocketAddrs.checkLocal(local, u.v6);
            granted(s, local);
          }
          u.startBind(local);
          return null;
        }))
        .func(m + "finish-bind", (s, a) -> net(() -> {
          udpOf(s, a[0]).finishBind();
          return null;
        }))
        .func(m + "stream", (s, a) -> net(() -> {
          UdpSocket u = udpOf(s, a[0]);
          Val r = V.opt(a[1]);
          InetSocketAddress to = r == null ? null : SocketAddrs.socketAddress(r);
          if (to != null && u.ch != null) {
            SocketAddrs.checkRemote(to, u.v6);
            granted(s, to);
          }
          u.stream(to);
          return V.tuple(V.own(WasiTypes.INCOMING_DATAGRAM_STREAM, s.table.push(new DatagramIn(u, u.generation))),
              V.own(WasiTypes.OUTGOING_DATAGRAM_STREAM, s.table.push(new DatagramOut(u, u.generation))));
        }))
        .func(m + "local-address", (s, a) -> net(() -> SocketAddrs.socketAddress(udpOf(s, a[0]).localAddress())))
        .func(m + "remote-address", (s, a) -> net(() -> {
          UdpSocket u = udpOf(s, a[0]);
          if (u.remote == null) {
            throw new NetError("invalid-state");
          }
          return SocketAddrs.socketAddress(u.remote);
        }))
        .func(m + "address-family", (s, a) -> V.enumOf(udpOf(s, a[0]).v6 ? "ipv6" : "ipv4"))
        .func(m + "unicast-hop-limit", (s, a) -> net(() -> V.u8(udpOf(s, a[0]).hopLimit)))
        .func(m + "set-unicast-hop-limit", (s, a) -> net(() -> {
          udpOf(s, a[0]).hopLimit = (int) positive(V.u8(a[1]), 1);
          return null;
        }))
        .func(m + "receive-buffer-size", (s, a) -> net(() -> V.u64(udpOf(s, a[0]).receiveBuffer)))
        .func(m + "set-receive-buffer-size", (s, a) -> net(() -> {
          udpOf(s, a[0]).setReceiveBuffer(positive(V.u64(a[1]), 1));
          return null;
        }))
        .func(m + "send-buffer-size", (s, a) -> net(() -> V.u64(udpOf(s, a[0]).sendBuffer)))
        .func(m + "set-send-buffer-size", (s, a) -> net(() -> {
          udpOf(s, a[0]).setSendBuffer(positive(V.u64(a[1]), 1));
          return null;
        }))
        .func(m + "subscribe", (s, a) -> V.own(WasiTypes.POLLABLE, s.table.push(Pollable.READY)))
        .func("[method]incoming-datagram-stream.receive", (s, a) -> net(() -> {
          DatagramIn in = s.table.get(V.rep(a[0]), DatagramIn.class);
          long max = V.u64(a[1]);
          List<Val> out = new ArrayList<>();
          if (max == 0 || in.generation() != in.socket().generation) {
            return V.list(out);
          }
          for (Object[] d : in.socket().receive((int) Math.min(max, 1024))) {
            out.add(V.record("data", V.bytes((byte[]) d[0]), "remote-address", SocketAddrs.socketAddress((InetSocketAddress) d[1])));
          }
          return V.list(out);
        }))
        .func("[method]incoming-datagram-stream.subscribe", (s, a) -> {
          DatagramIn in = s.table.get(V.rep(a[0]), DatagramIn.class);
          return V.own(WasiTypes.POLLABLE, s.table.push(in.socket().readiness(SelectionKey.OP_READ)));
        })
        .func("[method]outgoing-datagram-stream.check-send", (s, a) -> net(() -> {
          DatagramOut out = s.table.get(V.rep(a[0]), DatagramOut.class);
          out.permitted = 64;
          return V.u64(out.permitted);
        }))
        .func("[method]outgoing-datagram-stream.send", (s, a) -> {
          DatagramOut out = s.table.get(V.rep(a[0]), DatagramOut.class);
          List<Val> ds = V.list(a[1]);
          if (ds.size() > out.permitted) {
            throw new TrapException(TrapKind.HOST_ERROR, "send: more datagrams than check-send permitted");
          }
          out.permitted -= ds.size();
          long sent = 0;
          for (Val d : ds) {
            try {
              byte[] data = V.bytes(V.field(d, "data"));
              Val ra = V.opt(V.field(d, "remote-address"));
              UdpSocket u = out.socket;
              InetSocketAddress to = ra == null ? u.remote : SocketAddrs.socketAddress(ra);
              if (to == null || (u.remote != null && ra != null && !to.equals(u.remote))) {
                throw new NetError("invalid-argument");
              }
              SocketAddrs.checkRemote(to, u.v6);
              granted(s, to);
              if (!u.send(data, to)) {
                break;
              }
              sent++;
            } catch (NetError e) {
              if (sent == 0) {
                return V.err(V.enumOf(e.code));
              }
              break;
            }
          }
          return V.ok(V.u64(sent));
        })
        .func("[method]outgoing-datagram-stream.subscribe", (s, a) -> {
          DatagramOut out = s.table.get(V.rep(a[0]), DatagramOut.class);
          return V.own(WasiTypes.POLLABLE, s.table.push(out.socket.readiness(SelectionKey.OP_WRITE)));
        })
        .done();
  }
}

package dev.trellis.engine.wasi;

import dev.trellis.engine.error.TrapException;
import dev.trellis.engine.error.TrapKind;
import dev.trellis.engine.link.Linker;
import dev.trellis.engine.runtime.Val;
import java.net.IDN;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.SelectionKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code wasi:sockets}: {@code network}, {@code instance-network}, {@code tcp},
 * {@code tcp-create-socket}, {@code udp}, {@code udp-create-socket} and {@code ip-name-lookup}.
 * Sockets can be created freely (they are inert configuration until bound or connected); every
 * address a guest binds, connects or sends to must be granted by the {@link WasiCtx}, else the
 * operation fails with {@code access-denied}. Name lookup must be granted too (else
 * {@code permanent-resolver-failure}, as in Wasmtime).
 */
final class SocketsHost {
  private SocketsHost() {}

  /** The host object behind a {@code network}: the capability to use the context's grants. */
  record Network() {}

  static <T> void define(Linker<T> l, Function<T, WasiState> view) {
    new HostIface<>(l, view, "wasi:sockets/network")
        .func("network-error-code", (s, a) -> {
          StreamError.IoError e = s.table.get(V.rep(a[0]), StreamError.IoError.class);
          return e.networkCode() == null ? V.NONE : V.some(V.enumOf(e.networkCode()));
        })
        .done();
    new HostIface<>(l, view, "wasi:sockets/instance-network")
        .func("instance-network", (s, a) -> V.own(WasiTypes.NETWORK, s.table.push(new Network())))
        .done();
    new HostIface<>(l, view, "wasi:sockets/tcp-create-socket")
        .func("create-tcp-socket", (s, a) -> net(() ->
            V.own(WasiTypes.TCP_SOCKET, s.table.push(new TcpSocket(V.caseOf(a[0]).equals("ipv6"))))))
        .done();
    new HostIface<>(l, view, "wasi:sockets/udp-create-socket")
        .func("create-udp-socket", (s, a) -> net(() ->
            V.own(WasiTypes.UDP_SOCKET, s.table.push(new UdpSocket(V.caseOf(a[0]).equals("ipv6"))))))
        .done();
    tcp(l, view);
    udp(l, view);
    lookup(l, view);
  }

  private static TcpSocket tcpOf(WasiState s, Val v) {
    return s.table.get(V.rep(v), TcpSocket.class);
  }

  private static UdpSocket udpOf(WasiState s, Val v) {
    return s.table.get(V.rep(v), UdpSocket.class);
  }

  private static void granted(WasiState s, InetSocketAddress a) {
    if (!NetGrant.allowed(s.ctx.netGrants, a)) {
      throw new NetError("access-denied", a + " is not granted");
    }
  }

  private static <T> void tcp(Linker<T> l, Function<T, WasiState> view) {
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

  /** A value that must not be 0 (invalid-argument), rounded up to {@code unit}. */
  private static long positive(long v, long unit) {
    if (v == 0) {
      throw new NetError("invalid-argument");
    }
    return v < 0 ? Long.MAX_VALUE : Math.max(unit, v / unit * unit);
  }

  /** The host object of a datagram stream: its socket and the {@code stream} call that made it. */
  record DatagramIn(UdpSocket socket, int generation) {}

  static final class DatagramOut {
    final UdpSocket socket;
    final int generation;
    long permitted;

    DatagramOut(UdpSocket socket, int generation) {
      this.socket = socket;
      this.generation = generation;
    }
  }

  private static <T> void udp(Linker<T> l, Function<T, WasiState> view) {
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

  /** A name being resolved on a background thread. */
  static final class Resolving {
    final CompletableFuture<List<InetAddress>> result;
    private final Set<Waker> listeners = ConcurrentHashMap.newKeySet();
    int next;

    Resolving(String name) {
      result = new CompletableFuture<>();
      Thread.ofPlatform().daemon(true).name("trellis-resolve").start(() -> {
        try {
          result.complete(List.of(InetAddress.getAllByName(name)));
        } catch (UnknownHostException | RuntimeException e) {
          result.completeExceptionally(e);
        }
        listeners.forEach(Waker::signal);
      });
    }

    Pollable readiness() {
      return new Pollable() {
        @Override
        boolean ready() {
          return result.isDone();
        }

        @Override
        void listen(Waker w) {
          listeners.add(w);
        }

        @Override
        void unlisten(Waker w) {
          listeners.remove(w);
        }
      };
    }
  }

  private static <T> void lookup(Linker<T> l, Function<T, WasiState> view) {
    new HostIface<>(l, view, "wasi:sockets/ip-name-lookup")
        .func("resolve-addresses", (s, a) -> net(() -> {
          s.table.get(V.rep(a[0]), Network.class);
          String name = V.str(a[1]);
          if (!s.ctx.nameLookup) {
            throw new NetError("permanent-resolver-failure", "name lookup is not granted");
          }
          String ascii;
          try {
            ascii = name.startsWith("[") || name.indexOf(':') >= 0 ? name : IDN.toASCII(name, IDN.USE_STD3_ASCII_RULES);
          } catch (IllegalArgumentException e) {
            throw new NetError("invalid-argument");
          }
          if (ascii.isEmpty() || ascii.startsWith("[")) {
            throw new NetError("invalid-argument");
          }
          return V.own(WasiTypes.RESOLVE_ADDRESS_STREAM, s.table.push(new Resolving(ascii)));
        }))
        .func("[method]resolve-address-stream.resolve-next-address", (s, a) -> net(() -> {
          Resolving r = s.table.get(V.rep(a[0]), Resolving.class);
          if (!r.result.isDone()) {
            throw new NetError("would-block");
          }
          List<InetAddress> all;
          try {
            all = r.result.join();
          } catch (java.util.concurrent.CompletionException e) {
            throw new NetError(e.getCause() instanceof UnknownHostException ? "name-unresolvable" : "temporary-resolver-failure");
          }
          while (r.next < all.size()) {
            InetAddress x = all.get(r.next++);
            if (!SocketAddrs.isV4Mapped(x)) {
              return V.some(SocketAddrs.ipAddress(x));
            }
          }
          return V.NONE;
        }))
        .func("[method]resolve-address-stream.subscribe", (s, a) ->
            V.own(WasiTypes.POLLABLE, s.table.push(s.table.get(V.rep(a[0]), Resolving.class).readiness())))
        .done();
  }

  /** Runs a socket operation: its value as {@code ok}, a {@link NetError} as {@code err(error-code)}. */
  private static Val net(Supplier<Val> op) {
    try {
      return V.ok(op.get());
    } catch (NetError e) {
      return V.err(V.enumOf(e.code));
    }
  }
}

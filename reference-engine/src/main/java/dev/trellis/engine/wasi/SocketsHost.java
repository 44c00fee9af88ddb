package dev.trellis.engine.wasi;

import dev.trellis.engine.runtime.Val;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What the {@code wasi:sockets} hosts share. Sockets can be created freely (they are inert
 * configuration until bound or connected); every address a guest binds, connects or sends to must
 * be granted by the {@link WasiCtx}, else the operation fails with {@code access-denied}. Name
 * lookup must be granted too (else {@code permanent-resolver-failure}, as in Wasmtime).
 */
final class SocketsHost {
  private SocketsHost() {}

  /** The host object behind a {@code network}: the capability to use the context's grants. */
  record Network() {}

  static TcpSocket tcpOf(WasiState s, Val v) {
    return s.table.get(V.rep(v), TcpSocket.class);
  }

  static UdpSocket udpOf(WasiState s, Val v) {
    return s.table.get(V.rep(v), UdpSocket.class);
  }

  static void granted(WasiState s, InetSocketAddress a) {
    if (!NetGrant.allowed(s.ctx.netGrants, a)) {
      throw new NetError("access-denied", a + " is not granted");
    }
  }

  /** A value that must not be 0 (invalid-argument), rounded up to {@code unit}. */
  static long positive(long v, long unit) {
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
      return Pollable.listening(listeners, result::isDone);
    }
  }

  /** Runs a socket operation: its value as {@code ok}, a {@link NetError} as {@code err(error-code)}. */
  static Val net(Supplier<Val> op) {
    try {
      return V.ok(op.get());
    } catch (NetError e) {
      return V.err(V.enumOf(e.code));
    }
  }
}

package dev.trellis.engine.wasi;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.util.List;

/**
 * A {@code wasi:sockets/udp} socket over a non-blocking {@link DatagramChannel}: bind, then
 * {@code stream} (optionally connected to one remote address) gives the incoming and outgoing
 * datagram streams. Every remote address the guest sends to must be granted.
 */
final class UdpSocket implements AutoCloseable {
  static final int MAX_DATAGRAM = 65507;

  final boolean v6;
  private InetSocketAddress pendingBind;
  private boolean bindStarted;
  DatagramChannel ch;
  InetSocketAddress remote;
  /** Incremented by each {@code stream} call; streams of an older generation are dead. */
  int generation;
  int hopLimit = 64;
  long receiveBuffer = 65536;
  long sendBuffer = 65536;

  UdpSocket(boolean v6) {
    this.v6 = v6;
  }

  void startBind(InetSocketAddress local) {
    if (ch != null) {
      throw new NetError("invalid-state");
    }
    if (bindStarted) {
      throw new NetError("concurrency-conflict");
    }
    SocketAddrs.checkLocal(local, v6);
    pendingBind = local;
    bindStarted = true;
  }

  void finishBind() {
    if (!bindStarted) {
      throw new NetError("not-in-progress");
    }
    bindStarted = false;
    try {
      DatagramChannel c = DatagramChannel.open(v6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
      try {
        c.bind(pendingBind);
        c.configureBlocking(false);
      } catch (IOException e) {
        c.close();
        throw e;
      }
      ch = c;
    } catch (IOException e) {
      throw NetError.of(e);
    }
  }

  InetSocketAddress localAddress() {
    if (ch == null) {
      throw new NetError("invalid-state");
    }
    try {
      return (InetSocketAddress) ch.getLocalAddress();
    } catch (IOException e) {
      throw NetError.of(e);
    }
  }

  /** {@code stream}: (re)connects to {@code to} (null: not connected). */
  void stream(InetSocketAddress to) {
    if (ch == null) {
      throw new NetError("invalid-state");
    }
    try {
      if (ch.isConnected()) {
        ch.disconnect();
      }
      remote = null;
      if (to != null) {
        SocketAddrs.checkRemote(to, v6);
        ch.connect(to);
        remote = to;
      }
      generation++;
    } catch (IOException e) {
      throw NetError.of(e);
    }
  }

  void setReceiveBuffer(long n) {
    receiveBuffer = n;
    setBufferOption(StandardSocketOptions.SO_RCVBUF, n);
  }

  void setSendBuffer(long n) {
    sendBuffer = n;
    setBufferOption(StandardSocketOptions.SO_SNDBUF, n);
  }

  /** Passes a buffer size on to the channel, if there is one yet (best effort). */
  private void setBufferOption(SocketOption<Integer> option, long n) {
    if (ch != null) {
      try {
        ch.setOption(option, (int) Math.min(n, Integer.MAX_VALUE));
      } catch (IOException ignored) {
        // best effort
      }
    }
  }

  Pollable readiness(int ops) {
    return new Pollable() {
      @Override
      boolean ready() {
        return ch == null || ops == SelectionKey.OP_WRITE || pendingDatagram();
      }

      @Override
      SelectableChannel channel() {
        return ch;
      }

      @Override
      int interestOps() {
        return ops;
      }
    };
  }

  private ByteBuffer ahead;
  private InetSocketAddress aheadFrom;

  /** Reads one datagram ahead, if one is there, so readiness can be known without blocking. */
  boolean pendingDatagram() {
    if (ahead != null) {
      return true;
    }
    try {
      ByteBuffer b = ByteBuffer.allocate(MAX_DATAGRAM);
      InetSocketAddress from = (InetSocketAddress) ch.receive(b);
      if (from != null) {
        b.flip();
        ahead = b;
        aheadFrom = from;
      }
    } catch (IOException e) {
      return true;
    }
    return ahead != null;
  }

  /** Up to {@code max} datagrams received now: (data, from) pairs. */
  List<Object[]> receive(int max) {
    List<Object[]> out = new java.util.ArrayList<>();
    try {
      while (out.size() < max) {
        if (ahead == null && !pendingDatagram()) {
          break;
        }
        if (ahead == null) {
          ByteBuffer b = ByteBuffer.allocate(MAX_DATAGRAM);
          ch.receive(b); // surfaces the error pendingDatagram saw
          break;
        }
        byte[] data = new byte[ahead.remaining()];
        ahead.get(data);
        out.add(new Object[] {data, aheadFrom});
        ahead = null;
        aheadFrom = null;
      }
    } catch (IOException e) {
      if (out.isEmpty()) {
        throw NetError.of(e);
      }
    }
    return out;
  }

  /** Sends one datagram; false if it could not be sent now. */
  boolean send(byte[] data, InetSocketAddress to) {
    if (data.length > MAX_DATAGRAM) {
      throw new NetError("datagram-too-large");
    }
    try {
      ByteBuffer b = ByteBuffer.wrap(data);
      int n = remote != null && (to == null || to.equals(remote)) ? ch.write(b) : ch.send(b, to);
      return n > 0 || data.length == 0;
    } catch (IOException e) {
      throw NetError.of(e);
    }
  }

  @Override
  public void close() {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // closing
      }
    }
  }
}

package dev.trellis.engine.wasi;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * A {@code wasi:sockets/tcp} socket over NIO channels, following the state machine of tcp.wit:
 * unbound, bind-started, bound, listen-started, listening, connect-started, connected, closed.
 * A bind creates a listening-capable server channel at once (so the bound address and port are
 * known, and conflicts surface at bind); a bound socket that then connects rebinds a client
 * channel to the same address. All channels are non-blocking; pollables wait on them through
 * the store's selector.
 */
final class TcpSocket implements AutoCloseable {
  enum State { UNBOUND, BIND_STARTED, BOUND, LISTEN_STARTED, LISTENING, CONNECT_STARTED, CONNECTED, CLOSED }

  final boolean v6;
  State state = State.UNBOUND;
  private InetSocketAddress pendingBind;
  private IOException bindError;
  ServerSocketChannel server;
  SocketChannel ch;
  private InetSocketAddress pendingConnect;
  private Exception connectError;
  private boolean connected;
  private SocketChannel accepted;
  int backlog = 128;
  boolean keepAlive;
  long keepIdle = 7200_000_000_000L;
  long keepInterval = 75_000_000_000L;
  int keepCount = 9;
  int hopLimit = 64;
  long receiveBuffer = 65536;
  long sendBuffer = 65536;
  TcpInput input;
  TcpOutput output;

  TcpSocket(boolean v6) {
    this.v6 = v6;
  }

  private StandardProtocolFamily family() {
    return v6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
  }

  void startBind(InetSocketAddress local) {
    if (state != State.UNBOUND) {
      throw new NetError("invalid-state");
    }
    SocketAddrs.checkLocal(local, v6);
    pendingBind = local;
    state = State.BIND_STARTED;
  }

  void finishBind() {
    if (state != State.BIND_STARTED) {
      throw new NetError("not-in-progress");
    }
    try {
      ServerSocketChannel s = ServerSocketChannel.open(family());
      try {
        s.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        s.bind(pendingBind, backlog);
      } catch (IOException e) {
        s.close();
        throw e;
      }
      s.configureBlocking(false);
      server = s;
      state = State.BOUND;
    } catch (IOException e) {
      state = State.UNBOUND;
      throw NetError.of(e);
    }
  }

  /** The local address bound; invalid-state before a bind. */
  InetSocketAddress localAddress() {
    try {
      if (ch != null && ch.getLocalAddress() != null) {
        return (InetSocketAddress) ch.getLocalAddress();
      }
      if (server != null) {
        return (InetSocketAddress) server.getLocalAddress();
      }
    } catch (IOException e) {
      throw NetError.of(e);
    }
    throw new NetError("invalid-state");
  }

  InetSocketAddress remoteAddress() {
    if (state != State.CONNECTED || ch == null) {
      throw new NetError("invalid-state");
    }
    try {
      return (InetSocketAddress) ch.getRemoteAddress();
    } catch (IOException e) {
      throw NetError.of(e);
    }
  }

  void startConnect(InetSocketAddress remote) {
    switch (state) {
      case UNBOUND, BOUND -> { }
      case CONNECTED, LISTENING -> throw new NetError("invalid-state");
      case CONNECT_STARTED, BIND_STARTED, LISTEN_STARTED -> throw new NetError("concurrency-conflict");
      default -> throw new NetError("invalid-state");
    }
    SocketAddrs.checkRemote(remote, v6);
    try {
      SocketChannel c = SocketChannel.open(family());
      c.configureBlocking(false);
      applyOptions(c);
      if (server != null) {
        InetSocketAddress local = (InetSocketAddress) server.getLocalAddress();
        server.close();
        server = null;
        c.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        c.bind(local);
      }
      ch = c;
      pendingConnect = remote;
      state = State.CONNECT_STARTED;
      connected = c.connect(remote);
    } catch (IOException e) {
      connectError = e;
      state = State.CONNECT_STARTED;
    }
  }

  /** Whether the connect has an outcome (does not block). */
  boolean connectSettled() {
    if (connected || connectError != null) {
      return true;
    }
    try {
      connected = ch.finishConnect();
    } catch (IOException e) {
      connectError = e;
    }
    return connected || connectError != null;
  }

  void finishConnect() {
    if (state != State.CONNECT_STARTED) {
      throw new NetError("not-in-progress");
    }
    if (!connectSettled()) {
      throw new NetError("would-block");
    }
    if (connectError != null) {
      state = State.CLOSED;
      closeQuietly();
      throw NetError.of(connectError);
    }
    state = State.CONNECTED;
    input = new TcpInput(ch);
    output = new TcpOutput(ch);
  }

  void startListen() {
    switch (state) {
      case BOUND -> { }
      case UNBOUND -> throw new NetError("invalid-state");
      case LISTEN_STARTED, CONNECT_STARTED, BIND_STARTED -> throw new NetError("concurrency-conflict");
      default -> throw new NetError("invalid-state");
    }
    state = State.LISTEN_STARTED;
  }

  void finishListen() {
    if (state != State.LISTEN_STARTED) {
      throw new NetError("not-in-progress");
    }
    state = State.LISTENING; // the server channel listens since its bind
  }

  /** Whether accept would not block. */
  boolean acceptReady() {
    if (accepted != null) {
      return true;
    }
    try {
      accepted = server.accept();
    } catch (IOException e) {
      return true; // accept reports it
    }
    return accepted != null;
  }

  TcpSocket accept() {
    if (state != State.LISTENING) {
      throw new NetError("invalid-state");
    }
    SocketChannel c = accepted;
    accepted = null;
    try {
      if (c == null) {
        c = server.accept();
      }
      if (c == null) {
        throw new NetError("would-block");
      }
      c.configureBlocking(false);
      TcpSocket s = new TcpSocket(v6);
      s.keepAlive = keepAlive;
      s.keepIdle = keepIdle;
      s.keepInterval = keepInterval;
      s.keepCount = keepCount;
      s.hopLimit = hopLimit;
      s.receiveBuffer = receiveBuffer;
      s.sendBuffer = sendBuffer;
      s.applyOptions(c);
      s.ch = c;
      s.state = State.CONNECTED;
      s.connected = true;
      s.input = new TcpInput(c);
      s.output = new TcpOutput(c);
      return s;
    } catch (IOException e) {
      throw NetError.of(e);
    }
  }

  private void applyOptions(SocketChannel c) {
    try {
      c.setOption(StandardSocketOptions.SO_KEEPALIVE, keepAlive);
    } catch (IOException | UnsupportedOperationException ignored) {
      // best effort: the value the guest set is still reported
    }
  }

  void setKeepAlive(boolean on) {
    keepAlive = on;
    if (ch != null) {
      applyOptions(ch);
    }
  }

  void shutdown(String how) {
    if (state != State.CONNECTED) {
      throw new NetError("invalid-state");
    }
    try {
      if (!how.equals("send")) {
        ch.shutdownInput();
        input.shutdown();
      }
      if (!how.equals("receive")) {
        output.shutdownWhenFlushed();
      }
    } catch (IOException e) {
      throw NetError.of(e);
    }
  }

  /** What {@code subscribe} waits for in the socket's current state. */
  Pollable readiness() {
    return new Pollable() {
      @Override
      boolean ready() {
        return switch (state) {
          case CONNECT_STARTED -> connectSettled();
          case LISTENING -> acceptReady();
          default -> true;
        };
      }

      @Override
      SelectableChannel channel() {
        return switch (state) {
          case CONNECT_STARTED -> ch;
          case LISTENING -> server;
          default -> null;
        };
      }

      @Override
      int interestOps() {
        return state == State.LISTENING ? SelectionKey.OP_ACCEPT : SelectionKey.OP_CONNECT;
      }
    };
  }

  private void closeQuietly() {
    try {
      if (ch != null) {
        ch.close();
      }
      if (server != null) {
        server.close();
      }
      if (accepted != null) {
        accepted.close();
      }
    } catch (IOException ignored) {
      // closing
    }
  }

  @Override
  public void close() {
    state = State.CLOSED;
    closeQuietly();
  }

  /** Reads a connected socket without blocking, with a small read-ahead for readiness checks. */
  static final class TcpInput extends HostInputStream {
    private final SocketChannel ch;
    private final ByteBuffer ahead = ByteBuffer.allocate(16 * 1024);
    private boolean eof;
    private IOException failure;
    private boolean shut;

    TcpInput(SocketChannel ch) {
      this.ch = ch;
      ahead.flip();
    }

    void shutdown() {
      shut = true;
    }

    private void fill() {
      if (ahead.hasRemaining() || eof || failure != null || shut) {
        return;
      }
      ahead.clear();
      try {
        int n = ch.read(ahead);
        if (n < 0) {
          eof = true;
        }
      } catch (IOException e) {
        failure = e;
      }
      ahead.flip();
    }

    @Override
    byte[] read(int max) {
      fill();
      if (ahead.hasRemaining()) {
        int n = Math.min(max, ahead.remaining());
        byte[] b = new byte[n];
        ahead.get(b);
        return b;
      }
      if (failure != null) {
        throw new StreamError.Failed(StreamError.IoError.network(NetError.code(failure), String.valueOf(failure.getMessage())));
      }
      if ((eof || shut) && max > 0) {
        throw StreamError.Closed.INSTANCE;
      }
      return empty();
    }

    @Override
    Pollable readiness() {
      return new Pollable() {
        @Override
        boolean ready() {
          fill();
          return ahead.hasRemaining() || eof || failure != null || shut;
        }

        @Override
        SelectableChannel channel() {
          return ch;
        }

        @Override
        int interestOps() {
          return SelectionKey.OP_READ;
        }
      };
    }
  }

  /** Writes a connected socket through a bounded buffer that drains without blocking. */
  static final class TcpOutput extends HostOutputStream {
    private static final int CAPACITY = 64 * 1024;
    private final SocketChannel ch;
    private ByteBuffer pending = ByteBuffer.allocate(CAPACITY);
    private IOException failure;
    private boolean shutdownPending;
    private boolean shut;
    private boolean flushing;

    TcpOutput(SocketChannel ch) {
      this.ch = ch;
      pending.flip();
    }

    private void drain() {
      if (failure != null) {
        return;
      }
      try {
        while (pending.hasRemaining()) {
          if (ch.write(pending) == 0) {
            break;
          }
        }
        if (!pending.hasRemaining() && shutdownPending && !shut) {
          shut = true;
          ch.shutdownOutput();
        }
      } catch (IOException e) {
        failure = e;
      }
    }

    private void check() {
      if (failure != null) {
        throw new StreamError.Failed(StreamError.IoError.network(NetError.code(failure), String.valueOf(failure.getMessage())));
      }
      if (shutdownPending) {
        throw StreamError.Closed.INSTANCE;
      }
    }

    void shutdownWhenFlushed() {
      shutdownPending = true;
      drain();
    }

    @Override
    long checkWrite() {
      drain();
      check();
      if (flushing) {
        if (pending.hasRemaining()) {
          return 0; // check-write reports 0 until a requested flush completes
        }
        flushing = false;
      }
      return CAPACITY - pending.remaining();
    }

    @Override
    void write(byte[] b) {
      check();
      if (pending.remaining() + b.length > CAPACITY) {
        throw new dev.trellis.engine.error.TrapException(dev.trellis.engine.error.TrapKind.HOST_ERROR,
            "output-stream.write of more bytes than check-write permitted");
      }
      pending.compact();
      pending.put(b);
      pending.flip();
      drain();
    }

    @Override
    void flush() {
      drain();
      check();
      flushing = pending.hasRemaining();
    }

    @Override
    boolean flushed() {
      return !pending.hasRemaining() || failure != null;
    }

    @Override
    Pollable readiness() {
      return new Pollable() {
        @Override
        boolean ready() {
          drain();
          return failure != null || (flushing ? !pending.hasRemaining() : pending.remaining() < CAPACITY);
        }

        @Override
        SelectableChannel channel() {
          return ch;
        }

        @Override
        int interestOps() {
          return SelectionKey.OP_WRITE;
        }
      };
    }

  }
}

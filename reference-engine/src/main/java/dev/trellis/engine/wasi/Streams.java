package dev.trellis.engine.wasi;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The host streams that are not tied to one interface: stdio, byte arrays, pumped Java streams. */
final class Streams {
  private Streams() {}

  /** Writes go straight to a Java stream (or nowhere); always ready. */
  static final class JavaOutput extends HostOutputStream {
    private static final long BUDGET = 1 << 20;
    private final OutputStream out; // null: discard
    private boolean closed;

    JavaOutput(OutputStream out) {
      this.out = out;
    }

    @Override
    long checkWrite() {
      if (closed) {
        throw StreamError.Closed.INSTANCE;
      }
      return BUDGET;
    }

    @Override
    void write(byte[] b) {
      if (closed) {
        throw StreamError.Closed.INSTANCE;
      }
      if (out == null) {
        return;
      }
      try {
        out.write(b);
      } catch (IOException e) {
        closed = true;
        throw new StreamError.Failed(StreamError.IoError.of(e.getMessage() == null ? "write failed" : e.getMessage()));
      }
    }

    @Override
    void flush() {
      if (closed) {
        throw StreamError.Closed.INSTANCE;
      }
      if (out != null) {
        try {
          out.flush();
        } catch (IOException e) {
          closed = true;
          throw new StreamError.Failed(StreamError.IoError.of(e.getMessage() == null ? "flush failed" : e.getMessage()));
        }
      }
    }

    @Override
    Pollable readiness() {
      return Pollable.READY;
    }
  }

  /** Reads from bytes held in memory; always ready. */
  static final class BytesInput extends HostInputStream {
    private final byte[] data;
    private int pos;

    BytesInput(byte[] data) {
      this.data = data;
    }

    @Override
    byte[] read(int max) {
      if (pos >= data.length) {
        if (max == 0) {
          return empty();
        }
        throw StreamError.Closed.INSTANCE;
      }
      int n = Math.min(max, data.length - pos);
      byte[] b = Arrays.copyOfRange(data, pos, pos + n);
      pos += n;
      return b;
    }

    @Override
    Pollable readiness() {
      return Pollable.READY;
    }
  }

  /** A view of a stream the store keeps (stdin): dropping the guest's handle does not close it. */
  static final class SharedInput extends HostInputStream {
    private final HostInputStream in;

    SharedInput(HostInputStream in) {
      this.in = in;
    }

    @Override
    byte[] read(int max) {
      return in.read(max);
    }

    @Override
    Pollable readiness() {
      return in.readiness();
    }
  }

  /** No input at all: the stream is at its end. */
  static HostInputStream emptyInput() {
    return new BytesInput(new byte[0]);
  }

  /** A stdin source for one instance. */
  static HostInputStream stdin(WasiCtx ctx) {
    if (ctx.stdin == null) {
      return emptyInput();
    }
    if (ctx.stdinInherited) {
      return InheritedStdin.shared();
    }
    InputStream in = ctx.stdin.get();
    if (in instanceof ByteArrayInputStream b) {
      return new BytesInput(b.readAllBytes());
    }
    return new PumpedInput(in, "stdin");
  }

  /** One pump per process stdin (a new one if {@code System.in} was replaced), shared by every instance. */
  private static final class InheritedStdin {
    private static PumpedInput shared;
    private static InputStream of;

    static synchronized PumpedInput shared() {
      if (shared == null || of != System.in) {
        of = System.in;
        shared = new PumpedInput(of, "stdin");
        shared.closeable = false;
      }
      return shared;
    }
  }

  /**
   * A Java {@link InputStream} read by a background thread into a bounded buffer, so that the
   * guest's reads never block unless it asks to.
   */
  static final class PumpedInput extends HostInputStream {
    private static final int CAPACITY = 64 * 1024;
    private final InputStream in;
    private final String name;
    private byte[] buf = new byte[8192];
    private int start;
    private int end;
    private boolean eof;
    private String failure;
    private boolean started;
    private volatile boolean closed;
    boolean closeable = true;
    private final Set<Waker> listeners = ConcurrentHashMap.newKeySet();
    private final Pollable readiness = Pollable.listening(listeners, () -> {
      start();
      synchronized (PumpedInput.this) {
        return end > start || eof || failure != null;
      }
    });

    PumpedInput(InputStream in, String name) {
      this.in = in;
      this.name = name;
    }

    private synchronized void start() {
      if (!started) {
        started = true;
        Thread.ofPlatform().daemon(true).name("trellis-pump-" + name).start(this::pump);
      }
    }

    private void pump() {
      byte[] chunk = new byte[8192];
      try {
        while (!closed) {
          synchronized (this) {
            while (end - start >= CAPACITY && !closed) {
              wait();
            }
          }
          int n = in.read(chunk);
          synchronized (this) {
            if (n < 0) {
              eof = true;
            } else {
              append(chunk, n);
            }
          }
          wake();
          if (n < 0) {
            return;
          }
        }
      } catch (IOException e) {
        synchronized (this) {
          failure = e.getMessage() == null ? "read failed" : e.getMessage();
        }
        wake();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private void append(byte[] b, int n) {
      if (end + n > buf.length) {
        int live = end - start;
        if (live + n > buf.length) {
          buf = Arrays.copyOf(Arrays.copyOfRange(buf, start, end), Math.max(buf.length * 2, live + n));
        } else {
          System.arraycopy(buf, start, buf, 0, live);
        }
        start = 0;
        end = live;
      }
      System.arraycopy(b, 0, buf, end, n);
      end += n;
    }

    private void wake() {
      for (Waker w : listeners) {
        w.signal();
      }
    }

    @Override
    byte[] read(int max) {
      start();
      synchronized (this) {
        if (end > start) {
          int n = Math.min(max, end - start);
          byte[] b = Arrays.copyOfRange(buf, start, start + n);
          start += n;
          notifyAll();
          return b;
        }
        if (failure != null) {
          throw new StreamError.Failed(StreamError.IoError.of(failure));
        }
        if (eof && max > 0) {
          throw StreamError.Closed.INSTANCE;
        }
        return empty();
      }
    }

    @Override
    Pollable readiness() {
      return readiness;
    }

    @Override
    public void close() {
      if (!closeable) {
        return;
      }
      closed = true;
      synchronized (this) {
        notifyAll();
      }
      try {
        in.close();
      } catch (IOException ignored) {
        // closing
      }
    }
  }
}

package dev.trellis.engine.wasi;

import dev.trellis.engine.runtime.Val;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** The host objects behind the {@code wasi:http/types} resources. */
final class HttpMessages {
  private HttpMessages() {}

  /** An incoming request (server side) or response (client side): head, and a body to consume once. */
  static final class Incoming implements AutoCloseable {
    final String method; // requests only
    final String pathWithQuery;
    final String scheme;
    final String authority;
    final int status; // responses only
    final HttpFields headers;
    private final InputStream body;
    boolean consumed;

    Incoming(String method, String pathWithQuery, String scheme, String authority, int status, HttpFields headers,
        InputStream body) {
      this.method = method;
      this.pathWithQuery = pathWithQuery;
      this.scheme = scheme;
      this.authority = authority;
      this.status = status;
      this.headers = headers;
      this.body = body;
      headers.immutable = true;
    }

    IncomingBody consume() {
      if (consumed) {
        return null;
      }
      consumed = true;
      return new IncomingBody(body);
    }

    @Override
    public void close() {
      if (!consumed && body != null) {
        try {
          body.close();
        } catch (IOException ignored) {
          // closing
        }
      }
    }
  }

  /** An incoming body: a stream to take once, then {@code finish} for the trailers. */
  static final class IncomingBody implements AutoCloseable {
    private final InputStream in;
    HostInputStream stream;

    IncomingBody(InputStream in) {
      this.in = in;
    }

    HostInputStream stream() {
      if (stream != null) {
        return null;
      }
      stream = in == null ? Streams.emptyInput() : new Streams.PumpedInput(in, "http-body");
      return stream;
    }

    @Override
    public void close() {
      if (stream == null && in != null) {
        try {
          in.close();
        } catch (IOException ignored) {
          // closing
        }
      }
    }
  }

  /** Trailers of an incoming body: neither Java HTTP stack exposes them, so there are none. */
  static final class FutureTrailers {
    boolean taken;
  }

  /** Where an outgoing body's bytes go once the message is on its way. */
  interface BodySink {
    void write(byte[] b) throws IOException;

    /** The body is complete ({@code total} bytes). */
    void finish(long total) throws IOException;

    /** The guest dropped the body without finishing it: the message is corrupt. */
    void abort();
  }

  /**
   * An outgoing body. Bytes written before the message has a sink (a response not yet set, a
   * request not yet sent) are buffered; attaching the sink forwards them.
   */
  static final class OutgoingBody implements AutoCloseable {
    final Long contentLength;
    final boolean request;
    private BodySink sink;
    private ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    long written;
    boolean streamTaken;
    boolean finished;
    boolean aborted;
    private final Set<Runnable> onFinish = ConcurrentHashMap.newKeySet();

    OutgoingBody(Long contentLength, boolean request) {
      this.contentLength = contentLength;
      this.request = request;
    }

    synchronized void attach(BodySink s) throws IOException {
      sink = s;
      if (buffer.size() > 0) {
        s.write(buffer.toByteArray());
      }
      buffer = null;
      if (finished) {
        s.finish(written);
      } else if (aborted) {
        s.abort();
      }
    }

    /** Bytes buffered so far when the body finished before its message was sent, else null. */
    synchronized byte[] completeBuffer() {
      return finished && sink == null ? buffer.toByteArray() : null;
    }

    synchronized void write(byte[] b) throws IOException {
      written += b.length;
      if (sink == null) {
        buffer.write(b);
      } else {
        sink.write(b);
      }
    }

    synchronized void finish() throws IOException {
      finished = true;
      if (sink != null) {
        sink.finish(written);
      }
      onFinish.forEach(Runnable::run);
    }

    @Override
    public synchronized void close() {
      if (!finished && !aborted) {
        aborted = true;
        if (sink != null) {
          sink.abort();
        }
      }
    }
  }

  /** The {@code output-stream} of an outgoing body. */
  static final class BodyOutput extends HostOutputStream {
    private final OutgoingBody body;
    private boolean failed;

    BodyOutput(OutgoingBody body) {
      this.body = body;
    }

    @Override
    long checkWrite() {
      if (failed || body.finished || body.aborted) {
        throw StreamError.Closed.INSTANCE;
      }
      return 1 << 20;
    }

    @Override
    void write(byte[] b) {
      checkWrite();
      if (body.contentLength != null && body.written + b.length > body.contentLength) {
        failed = true;
        Val code = body.request ? V.variant("HTTP-request-body-size", V.some(V.u64(body.written + b.length)))
            : V.variant("HTTP-response-body-size", V.some(V.u64(body.written + b.length)));
        throw new StreamError.Failed(StreamError.IoError.http(code, "more bytes than the content-length"));
      }
      try {
        body.write(b);
      } catch (IOException e) {
        failed = true;
        throw new StreamError.Failed(StreamError.IoError.http(V.variant("connection-terminated"),
            e.getMessage() == null ? "write failed" : e.getMessage()));
      }
    }

    @Override
    void flush() {
      checkWrite();
    }

    @Override
    Pollable readiness() {
      return Pollable.READY;
    }
  }

  /** An outgoing request or response under construction. */
  static final class Outgoing {
    final boolean request;
    final HttpFields headers;
    Val method = V.variant("get");
    String pathWithQuery;
    Val scheme;
    String authority;
    int status = 200;
    OutgoingBody body;
    boolean bodyTaken;

    Outgoing(boolean request, HttpFields headers) {
      this.request = request;
      this.headers = headers;
      headers.immutable = true;
    }

    Long contentLength() {
      String v = headers.first("content-length");
      if (v == null) {
        return null;
      }
      try {
        long n = Long.parseLong(v.trim());
        return n < 0 ? null : n;
      } catch (NumberFormatException e) {
        return null;
      }
    }
  }

  /** Request options: timeouts in nanoseconds, null when unset. */
  static final class Options {
    Long connect;
    Long firstByte;
    Long betweenBytes;
  }

  /** A response on its way (client side), waking polling guests when it arrives. */
  static final class FutureResponse implements AutoCloseable {
    final CompletableFuture<Object> result; // Incoming, or a Val error-code
    boolean taken;
    private final Set<Waker> listeners = ConcurrentHashMap.newKeySet();

    FutureResponse(CompletableFuture<Object> result) {
      this.result = result;
      result.whenComplete((r, e) -> listeners.forEach(Waker::signal));
    }

    Pollable readiness() {
      return Pollable.listening(listeners, result::isDone);
    }

    @Override
    public void close() {
      result.cancel(true);
    }
  }
}

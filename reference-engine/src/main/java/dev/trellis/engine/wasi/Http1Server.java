package dev.trellis.engine.wasi;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * A small HTTP/1.1 server for {@link WasiHttpServer}: a virtual thread per connection reads
 * requests in turn (keep-alive, pipelining by order, {@code Content-Length} and chunked request
 * bodies, {@code Expect: 100-continue}), a semaphore bounds how many are handled at once, and a
 * response goes out with a length in one write or chunked as it is written. Malformed requests
 * get 400 (431 for oversized headers, 501 for unknown transfer codings) and the connection closes.
 */
final class Http1Server implements AutoCloseable {
  /** Handles one request; must end with {@link Exchange#finish()} or {@link Exchange#abort()}. */
  interface Handler {
    void handle(Exchange ex);
  }

  static final int MAX_HEAD = 64 * 1024;
  static final int IDLE_MILLIS = 60_000;
  /** Unread request body the server drains to keep a connection; more closes it. */
  static final long MAX_DRAIN = 1 << 20;

  private final ServerSocket server;
  private final Handler handler;
  private final Semaphore permits;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;
  private volatile boolean closed;

  Http1Server(InetSocketAddress address, int concurrency, Handler handler) throws IOException {
    this.server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(address, 1024);
    this.handler = handler;
    this.permits = new Semaphore(concurrency);
    this.acceptor = Thread.ofPlatform().daemon().name("trellis-http-accept").start(this::accept);
  }

  InetSocketAddress address() {
    return (InetSocketAddress) server.getLocalSocketAddress();
  }

  private void accept() {
    while (!closed) {
      Socket s;
      try {
        s = server.accept();
      } catch (IOException e) {
        if (closed) {
          return;
        }
        continue;
      }
      open.add(s);
      Thread.ofVirtual().name("trellis-http-conn").start(() -> connection(s));
    }
  }

  private void connection(Socket s) {
    try (s) {
      s.setTcpNoDelay(true);
      s.setSoTimeout(IDLE_MILLIS);
      InputStream in = new BufferedInputStream(s.getInputStream(), 16 * 1024);
      OutputStream out = new BufferedOutputStream(s.getOutputStream(), 16 * 1024);
      while (!closed) {
        Request r;
        try {
          r = Request.read(in);
        } catch (BadRequest e) {
          simple(out, e.status, e.getMessage());
          return;
        }
        if (r == null) {
          return;
        }
        Exchange ex = new Exchange(s, r, in, out);
        if (r.expectContinue && r.hasBody()) {
          out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
        }
        permits.acquireUninterruptibly();
        try {
          handler.handle(ex);
        } finally {
          permits.release();
        }
        if (!ex.reusable() || !r.keepAlive || !ex.drain()) {
          return;
        }
      }
    } catch (IOException | UncheckedIOException e) {
      // the client went away, or timed out idle
    } finally {
      open.remove(s);
    }
  }

  private static void simple(OutputStream out, int status, String text) {
    try {
      byte[] b = (text + "\n").getBytes(StandardCharsets.UTF_8);
      out.write(("HTTP/1.1 " + status + " " + reason(status) + "\r\ncontent-type: text/plain; charset=utf-8\r\n"
          + "content-length: " + b.length + "\r\nconnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.write(b);
      out.flush();
    } catch (IOException ignored) {
      // the client went away
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException ignored) {
      // closing
    }
    for (Socket s : open) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing
      }
    }
  }

  static final class BadRequest extends IOException {
    final int status;

    BadRequest(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  /** A request head, and how its body is framed. */
  static final class Request {
    String method;
    String target;
    boolean http10;
    final List<String[]> headers = new ArrayList<>();
    long contentLength = -1;
    boolean chunked;
    boolean keepAlive = true;
    boolean expectContinue;

    boolean hasBody() {
      return chunked || contentLength > 0;
    }

    String header(String name) {
      for (String[] h : headers) {
        if (h[0].equalsIgnoreCase(name)) {
          return h[1];
        }
      }
      return null;
    }

    /** The next request on the connection, or null at its end. */
    static Request read(InputStream in) throws IOException {
      int[] budget = {MAX_HEAD};
      String line;
      try {
        line = line(in, budget);
      } catch (SocketTimeoutException e) {
        return null;
      }
      while (line != null && line.isEmpty()) {
        line = line(in, budget); // tolerate blank lines between requests
      }
      if (line == null) {
        return null;
      }
      Request r = new Request();
      String[] parts = line.split(" ", -1);
      if (parts.length != 3 || parts[0].isEmpty() || !HttpFields.validName(parts[0]) || parts[1].isEmpty()) {
        throw new BadRequest(400, "malformed request line");
      }
      r.method = parts[0];
      r.target = parts[1];
      switch (parts[2]) {
        case "HTTP/1.1" -> r.http10 = false;
        case "HTTP/1.0" -> {
          r.http10 = true;
          r.keepAlive = false;
        }
        default -> throw new BadRequest(505, "HTTP version not supported");
      }
      String transferEncoding = null;
      while (true) {
        String h = line(in, budget);
        if (h == null) {
          throw new BadRequest(400, "the request head ended early");
        }
        if (h.isEmpty()) {
          break;
        }
        int colon = h.indexOf(':');
        if (colon <= 0 || h.charAt(0) == ' ' || h.charAt(0) == '\t') {
          throw new BadRequest(400, "malformed header line");
        }
        String name = h.substring(0, colon);
        String value = h.substring(colon + 1).strip();
        if (!HttpFields.validName(name)) {
          throw new BadRequest(400, "malformed header name");
        }
        r.headers.add(new String[] {name, value});
        switch (name.toLowerCase(Locale.ROOT)) {
          case "content-length" -> {
            try {
              long n = Long.parseLong(value);
              if (n < 0 || (r.contentLength >= 0 && r.contentLength != n)) {
                throw new NumberFormatException();
              }
              r.contentLength = n;
            } catch (NumberFormatException e) {
              throw new BadRequest(400, "bad content-length");
            }
          }
          case "transfer-encoding" -> transferEncoding = transferEncoding == null ? value : transferEncoding + "," + value;
          case "connection" -> {
            String v = value.toLowerCase(Locale.ROOT);
            if (v.contains("close")) {
              r.keepAlive = false;
            } else if (v.contains("keep-alive")) {
              r.keepAlive = true;
            }
          }
          case "expect" -> r.expectContinue = value.equalsIgnoreCase("100-continue");
          default -> { }
        }
      }
      if (transferEncoding != null) {
        String last = transferEncoding.substring(transferEncoding.lastIndexOf(',') + 1).strip();
        if (!last.equalsIgnoreCase("chunked")) {
          throw new BadRequest(501, "unsupported transfer-encoding");
        }
        r.chunked = true;
        r.contentLength = -1;
      }
      return r;
    }

    /** A line without its CRLF (or LF), or null at the end of the stream before any byte. */
    private static String line(InputStream in, int[] budget) throws IOException {
      ByteArrayOutputStream b = new ByteArrayOutputStream(64);
      int c;
      while ((c = in.read()) >= 0) {
        if (--budget[0] < 0) {
          throw new BadRequest(431, "request header fields too large");
        }
        if (c == '\n') {
          byte[] a = b.toByteArray();
          int n = a.length > 0 && a[a.length - 1] == '\r' ? a.length - 1 : a.length;
          return new String(a, 0, n, StandardCharsets.ISO_8859_1);
        }
        b.write(c);
      }
      if (b.size() == 0) {
        return null;
      }
      throw new BadRequest(400, "the request head ended early");
    }
  }

  /** One request and its response. */
  static final class Exchange {
    final Socket socket;
    final Request request;
    private final InputStream body;
    private final OutputStream out;
    private OutputStream bodyOut;
    private boolean headSent;
    private boolean finished;
    private boolean broken;
    private long fixedLength = -1;
    private long written;
    /** A response without a body on the wire (HEAD, 204, 304): what the guest writes is dropped. */
    private boolean bodiless;

    Exchange(Socket socket, Request request, InputStream in, OutputStream out) {
      this.socket = socket;
      this.request = request;
      this.out = out;
      this.body = request.chunked ? new ChunkedIn(in) : new FixedIn(in, Math.max(0, request.contentLength));
    }

    InputStream requestBody() {
      return body;
    }

    /**
     * Sends the status line and headers; {@code length} is the body's exact length, or -1 for a
     * body streamed chunked.
     */
    void sendHead(int status, List<String[]> headers, long length) throws IOException {
      if (headSent) {
        throw new IllegalStateException("the response head was sent already");
      }
      headSent = true;
      StringBuilder h = new StringBuilder(256);
      h.append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
      for (String[] kv : headers) {
        h.append(kv[0]).append(": ").append(kv[1]).append("\r\n");
      }
      h.append("date: ").append(date()).append("\r\n");
      boolean noBody = request.method.equals("HEAD") || status == 204 || status == 304 || status < 200;
      bodiless = noBody;
      if (length >= 0) {
        if (status != 204 && status != 304 && status >= 200) {
          h.append("content-length: ").append(length).append("\r\n");
        }
        fixedLength = noBody ? 0 : length;
      } else if (!noBody) {
        h.append("transfer-encoding: chunked\r\n");
      } else {
        fixedLength = 0;
      }
      if (!request.keepAlive) {
        h.append("connection: close\r\n");
      }
      h.append("\r\n");
      out.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
      bodyOut = fixedLength >= 0 ? new FixedOut() : new ChunkedOut();
    }

    /** The body stream, after {@link #sendHead}. */
    OutputStream responseBody() {
      return bodyOut;
    }

    /** Completes the response (the last chunk, a flush). */
    void finish() throws IOException {
      if (finished) {
        return;
      }
      finished = true;
      if (bodyOut instanceof ChunkedOut) {
        out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      } else if (fixedLength >= 0 && written < fixedLength) {
        broken = true; // the body came up short: the connection cannot carry another response
      }
      out.flush();
    }

    void flush() throws IOException {
      out.flush();
    }

    /** Ends the response as broken: the client sees the connection close. */
    void abort() {
      finished = true;
      broken = true;
      try {
        out.flush();
      } catch (IOException ignored) {
        // the client went away
      }
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing
      }
    }

    boolean headSent() {
      return headSent;
    }

    boolean reusable() {
      return finished && !broken;
    }

    /** Reads what is left of the request body; false if too much is left to keep the connection. */
    boolean drain() {
      try {
        long n = 0;
        byte[] skip = new byte[8192];
        int r;
        while ((r = body.read(skip)) > 0) {
          n += r;
          if (n > MAX_DRAIN) {
            return false;
          }
        }
        return true;
      } catch (IOException e) {
        return false;
      }
    }

    private final class FixedOut extends OutputStream {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        if (bodiless) {
          return;
        }
        long room = fixedLength - written;
        if (len > room) {
          broken = true;
          len = (int) Math.max(0, room);
        }
        out.write(b, off, len);
        written += len;
      }

      @Override
      public void flush() throws IOException {
        out.flush();
      }
    }

    private final class ChunkedOut extends OutputStream {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
          return;
        }
        out.write((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(b, off, len);
        out.write('\r');
        out.write('\n');
        written += len;
      }

      @Override
      public void flush() throws IOException {
        out.flush();
      }
    }
  }

  /** A request body read from the connection, {@code left} bytes (of the body or chunk) at a time. */
  abstract static class BodyIn extends InputStream {
    final InputStream in;
    long left;

    BodyIn(InputStream in, long left) {
      this.in = in;
      this.left = left;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    /** Reads up to {@code len} of the {@code left > 0} bytes; the connection must not end first. */
    int readLeft(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n < 0) {
        throw new IOException("the request body ended early");
      }
      left -= n;
      return n;
    }
  }

  /** A request body of known length. */
  static final class FixedIn extends BodyIn {
    FixedIn(InputStream in, long length) {
      super(in, length);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        return -1;
      }
      return readLeft(b, off, len);
    }
  }

  /** A chunked request body (trailers are read and dropped). */
  static final class ChunkedIn extends BodyIn {
    private boolean done;

    ChunkedIn(InputStream in) {
      super(in, 0);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (done) {
        return -1;
      }
      if (left == 0) {
        String size = crlfLine();
        int semi = size.indexOf(';');
        try {
          left = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).strip(), 16);
        } catch (NumberFormatException e) {
          throw new IOException("bad chunk size");
        }
        if (left == 0) {
          while (!crlfLine().isEmpty()) {
            // trailers
          }
          done = true;
          return -1;
        }
      }
      int n = readLeft(b, off, len);
      if (left == 0) {
        crlfLine();
      }
      return n;
    }

    private String crlfLine() throws IOException {
      StringBuilder s = new StringBuilder();
      int c;
      while ((c = in.read()) >= 0 && c != '\n') {
        if (c != '\r') {
          s.append((char) c);
        }
        if (s.length() > 4096) {
          throw new IOException("chunk line too long");
        }
      }
      if (c < 0) {
        throw new IOException("the request body ended early");
      }
      return s.toString();
    }
  }

  private static volatile long dateSecond;
  private static volatile String dateText;

  private static String date() {
    long now = System.currentTimeMillis() / 1000;
    if (now != dateSecond || dateText == null) {
      dateText = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.ofInstant(
          java.time.Instant.ofEpochSecond(now), ZoneOffset.UTC));
      dateSecond = now;
    }
    return dateText;
  }

  static String reason(int status) {
    return switch (status) {
      case 100 -> "Continue";
      case 200 -> "OK";
      case 201 -> "Created";
      case 202 -> "Accepted";
      case 204 -> "No Content";
      case 206 -> "Partial Content";
      case 301 -> "Moved Permanently";
      case 302 -> "Found";
      case 303 -> "See Other";
      case 304 -> "Not Modified";
      case 307 -> "Temporary Redirect";
      case 308 -> "Permanent Redirect";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 409 -> "Conflict";
      case 413 -> "Content Too Large";
      case 418 -> "I'm a teapot";
      case 429 -> "Too Many Requests";
      case 431 -> "Request Header Fields Too Large";
      case 500 -> "Internal Server Error";
      case 501 -> "Not Implemented";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      case 505 -> "HTTP Version Not Supported";
      default -> "";
    };
  }

  static boolean isClosed(IOException e) {
    return e instanceof SocketException;
  }
}

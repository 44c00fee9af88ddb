package dev.trellis.engine.wasi;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import dev.trellis.engine.runtime.Val;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One request served to a guest's {@code wasi:http/incoming-handler}: the host side of its
 * {@code response-outparam}. The response head goes out when the guest sets the outparam; the
 * body streams to the client as the guest writes it (with a fixed length when the body is
 * already complete or has a {@code content-length}, chunked otherwise).
 */
final class HttpServerCall {
  private final HttpExchange ex;
  private boolean responded;
  private boolean closed;

  HttpServerCall(HttpExchange ex) {
    this.ex = ex;
  }

  /** The request as the guest sees it: header names in lower case, as HTTP/2 and hyper give them. */
  HttpMessages.Incoming request() {
    HttpFields h = new HttpFields();
    for (Map.Entry<String, List<String>> e : ex.getRequestHeaders().entrySet()) {
      String name = e.getKey().toLowerCase(Locale.ROOT);
      for (String v : e.getValue()) {
        h.entries.add(new HttpFields.Entry(name, v.getBytes(StandardCharsets.ISO_8859_1)));
      }
    }
    URI u = ex.getRequestURI();
    String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
    if (u.getRawQuery() != null) {
      path += "?" + u.getRawQuery();
    }
    String authority = ex.getRequestHeaders().getFirst("Host");
    if (authority == null) {
      authority = ex.getLocalAddress().getHostString() + ":" + ex.getLocalAddress().getPort();
    }
    String method = ex.getRequestMethod();
    boolean hasBody = !method.equals("GET") && !method.equals("HEAD");
    return new HttpMessages.Incoming(method, path, "http", authority, 0, h, hasBody ? ex.getRequestBody() : null);
  }

  boolean responded() {
    return responded;
  }

  void respond(HttpMessages.Outgoing resp) {
    responded = true;
    Headers out = ex.getResponseHeaders();
    for (HttpFields.Entry e : resp.headers.entries) {
      String k = e.name().toLowerCase(Locale.ROOT);
      if (!k.equals("content-length") && !k.equals("transfer-encoding")) {
        out.add(e.name(), new String(e.value(), StandardCharsets.ISO_8859_1));
      }
    }
    try {
      HttpMessages.OutgoingBody body = resp.body;
      if (body == null) {
        ex.sendResponseHeaders(resp.status, -1);
        close();
        return;
      }
      byte[] complete = body.completeBuffer();
      if (complete != null) {
        ex.sendResponseHeaders(resp.status, complete.length == 0 ? -1 : complete.length);
        if (complete.length > 0) {
          ex.getResponseBody().write(complete);
        }
        close();
        return;
      }
      body.attach(new ResponseBody(resp.status, body.contentLength));
    } catch (IOException e) {
      close();
    }
  }

  /**
   * The response body on its way: bytes are held back (up to 64 KiB) so that a body the guest
   * finishes at once goes out with its length in one write; it starts streaming (chunked, or
   * with the guest's content-length) when the buffer fills or the guest blocks waiting for
   * something, so a response that trickles out is not held up.
   */
  private final class ResponseBody implements HttpMessages.BodySink {
    private static final int HOLD = 64 * 1024;
    private final int status;
    private final Long contentLength;
    private java.io.ByteArrayOutputStream held = new java.io.ByteArrayOutputStream();
    private OutputStream os;

    ResponseBody(int status, Long contentLength) {
      this.status = status;
      this.contentLength = contentLength;
      beforeBlocking = this::stream;
    }

    private void stream() {
      if (os != null || held == null) {
        return;
      }
      try {
        ex.sendResponseHeaders(status, contentLength == null ? 0 : contentLength == 0 ? -1 : contentLength);
        os = ex.getResponseBody();
        if (held.size() > 0) {
          os.write(held.toByteArray());
        }
        os.flush();
      } catch (IOException e) {
        close();
      }
      held = null;
    }

    @Override
    public void write(byte[] b) throws IOException {
      if (os == null && held != null) {
        held.write(b);
        if (held.size() >= HOLD) {
          stream();
        }
        return;
      }
      if (os != null) {
        os.write(b);
      }
    }

    @Override
    public void finish(long total) throws IOException {
      beforeBlocking = null;
      if (os == null && held != null) {
        byte[] all = held.toByteArray();
        held = null;
        ex.sendResponseHeaders(status, all.length == 0 ? -1 : all.length);
        if (all.length > 0) {
          ex.getResponseBody().write(all);
        }
      }
      close();
    }

    @Override
    public void abort() {
      beforeBlocking = null;
      stream();
      closed = true;
      ex.close();
    }
  }

  /** Run before the guest blocks (in poll): pushes a held-back response out. */
  Runnable beforeBlocking;

  /** The guest set the outparam to an error: 500, and the error code as the body's text. */
  void fail(Val errorCode) {
    responded = true;
    error(500, "error-code: " + errorCode + "\n");
  }

  private void error(int status, String text) {
    try {
      byte[] b = text.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("content-type", "text/plain; charset=utf-8");
      ex.sendResponseHeaders(status, b.length);
      ex.getResponseBody().write(b);
    } catch (IOException ignored) {
      // the client went away
    }
    close();
  }

  /** After the guest's handler returned (or trapped): answers 500 if it never responded. */
  void afterGuest(String problem) {
    if (!responded) {
      responded = true;
      error(500, problem == null ? "the component did not set a response\n" : problem + "\n");
    }
  }

  private void close() {
    if (!closed) {
      closed = true;
      ex.close();
    }
  }

  /** Ends the exchange whatever state it is in (the instance is gone). */
  void release() {
    close();
  }
}

package dev.trellis.engine.wasi;

import dev.trellis.engine.runtime.Val;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One request served to a guest's {@code wasi:http/incoming-handler}: the host side of its
 * {@code response-outparam}. The response head goes out once the guest has set the outparam and
 * either finished the body (then with its length, in one write) or started streaming it (chunked,
 * or with the guest's content-length): a body is held back up to 64 KiB, and pushed out as soon
 * as the guest blocks waiting for something, so a response that trickles out is not held up.
 */
final class HttpServerCall {
  private static final int HOLD = 64 * 1024;
  private final Http1Server.Exchange ex;
  private boolean responded;
  /** Run before the guest blocks (in poll): pushes a held-back response out. */
  Runnable beforeBlocking;

  HttpServerCall(Http1Server.Exchange ex) {
    this.ex = ex;
  }

  /** The request as the guest sees it: header names in lower case, as HTTP/2 and hyper give them. */
  HttpMessages.Incoming request() {
    Http1Server.Request r = ex.request;
    HttpFields h = new HttpFields();
    for (String[] kv : r.headers) {
      h.entries.add(new HttpFields.Entry(kv[0].toLowerCase(Locale.ROOT), kv[1].getBytes(StandardCharsets.ISO_8859_1)));
    }
    String target = r.target;
    String authority = r.header("host");
    if (target.startsWith("http://") || target.startsWith("https://")) { // absolute form
      int start = target.indexOf("//") + 2;
      int slash = target.indexOf('/', start);
      authority = target.substring(start, slash < 0 ? target.length() : slash);
      target = slash < 0 ? "/" : target.substring(slash);
    }
    if (authority == null) {
      InetSocketAddress a = (InetSocketAddress) ex.socket.getLocalSocketAddress();
      authority = a.getAddress().getHostAddress() + ":" + a.getPort();
    }
    return new HttpMessages.Incoming(r.method, target, "http", authority, 0, h, r.hasBody() ? ex.requestBody() : null);
  }

  boolean responded() {
    return responded;
  }

  private static List<String[]> head(HttpFields fields) {
    List<String[]> out = new ArrayList<>(fields.entries.size());
    for (HttpFields.Entry e : fields.entries) {
      String k = e.name().toLowerCase(Locale.ROOT);
      if (!k.equals("content-length") && !k.equals("transfer-encoding") && !k.equals("date")) {
        out.add(new String[] {e.name(), new String(e.value(), StandardCharsets.ISO_8859_1)});
      }
    }
    return out;
  }

  void respond(HttpMessages.Outgoing resp) {
    responded = true;
    List<String[]> headers = head(resp.headers);
    try {
      HttpMessages.OutgoingBody body = resp.body;
      if (body == null) {
        ex.sendHead(resp.status, headers, 0);
        ex.finish();
        return;
      }
      byte[] complete = body.completeBuffer();
      if (complete != null) {
        ex.sendHead(resp.status, headers, complete.length);
        ex.responseBody().write(complete);
        ex.finish();
        return;
      }
      body.attach(new ResponseBody(resp.status, headers, body.contentLength));
    } catch (IOException e) {
      ex.abort();
    }
  }

  /** The response body on its way (see the class comment). */
  private final class ResponseBody implements HttpMessages.BodySink {
    private final int status;
    private final List<String[]> headers;
    private final Long contentLength;
    private ByteArrayOutputStream held = new ByteArrayOutputStream();
    private OutputStream os;

    ResponseBody(int status, List<String[]> headers, Long contentLength) {
      this.status = status;
      this.headers = headers;
      this.contentLength = contentLength;
      beforeBlocking = this::stream;
    }

    private void stream() {
      if (os != null || held == null) {
        return;
      }
      try {
        ex.sendHead(status, headers, contentLength == null ? -1 : contentLength);
        os = ex.responseBody();
        held.writeTo(os);
        ex.flush();
      } catch (IOException e) {
        ex.abort();
      }
      held = null;
    }

    @Override
    public void write(byte[] b) throws IOException {
      if (os != null) {
        os.write(b);
      } else if (held != null) {
        held.write(b);
        if (held.size() >= HOLD) {
          stream();
        }
      }
    }

    @Override
    public void finish(long total) throws IOException {
      beforeBlocking = null;
      if (os == null && held != null) {
        ex.sendHead(status, headers, held.size());
        held.writeTo(ex.responseBody());
        held = null;
      }
      ex.finish();
    }

    @Override
    public void abort() {
      beforeBlocking = null;
      stream();
      ex.abort();
    }
  }

  /** The guest set the outparam to an error: 500, and the error code as the body's text. */
  void fail(Val errorCode) {
    responded = true;
    error("error-code: " + errorCode);
  }

  private void error(String text) {
    try {
      byte[] b = (text + "\n").getBytes(StandardCharsets.UTF_8);
      ex.sendHead(500, List.<String[]>of(new String[] {"content-type", "text/plain; charset=utf-8"}), b.length);
      ex.responseBody().write(b);
      ex.finish();
    } catch (IOException e) {
      ex.abort();
    }
  }

  /** After the guest's handler returned (or trapped): answers 500 if it never responded. */
  void afterGuest(String problem) {
    if (!responded) {
      responded = true;
      error(problem == null ? "the component did not set a response" : problem);
    }
  }

  /** Ends the exchange whatever state it is in (the instance is gone). */
  void release() {
    if (!ex.reusable()) {
      if (ex.headSent()) {
        ex.abort(); // a body the guest never finished
      } else {
        error("the component did not finish its response");
      }
    }
  }
}

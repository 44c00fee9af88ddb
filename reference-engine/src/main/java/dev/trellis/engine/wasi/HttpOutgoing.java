package dev.trellis.engine.wasi;

import dev.trellis.engine.runtime.Val;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/** Sends {@code wasi:http/outgoing-handler} requests with {@code java.net.http}. */
final class HttpOutgoing {
  private HttpOutgoing() {}

  /** Headers java.net.http sets itself and refuses from callers. */
  private static final Set<String> RESTRICTED = Set.of("host", "connection", "content-length", "expect", "upgrade");
  private static final Map<Long, HttpClient> CLIENTS = new ConcurrentHashMap<>();

  private static HttpClient client(Long connectTimeout) {
    long key = connectTimeout == null ? -1 : connectTimeout;
    return CLIENTS.computeIfAbsent(key, k -> {
      HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER);
      if (k > 0) {
        b.connectTimeout(Duration.ofNanos(k));
      }
      return b.build();
    });
  }

  static HttpMessages.FutureResponse send(WasiCtx ctx, HttpMessages.Outgoing req, HttpMessages.Options o) {
    boolean https;
    if (req.scheme == null) {
      https = true;
    } else {
      switch (V.caseOf(req.scheme)) {
        case "HTTP" -> https = false;
        case "HTTPS" -> https = true;
        default -> throw new HttpHost.HttpErr(V.variant("HTTP-protocol-error"));
      }
    }
    if (req.authority == null || req.authority.isEmpty()) {
      throw new HttpHost.HttpErr(V.variant("HTTP-request-URI-invalid"));
    }
    if (!ctx.httpAllowed(req.authority, https)) {
      throw new HttpHost.HttpErr(V.variant("HTTP-request-denied"));
    }
    URI uri;
    try {
      String path = req.pathWithQuery == null ? "/" : req.pathWithQuery;
      uri = new URI((https ? "https" : "http") + "://" + req.authority + (path.startsWith("/") ? path : "/" + path));
    } catch (URISyntaxException e) {
      throw new HttpHost.HttpErr(V.variant("HTTP-request-URI-invalid"));
    }
    Long length = req.contentLength();
    HttpRequest.BodyPublisher body;
    if (req.body == null) {
      body = HttpRequest.BodyPublishers.noBody();
    } else {
      QueueBody q = new QueueBody();
      try {
        req.body.attach(q);
      } catch (IOException e) {
        throw new HttpHost.HttpErr(V.variant("internal-error", V.some(V.str(String.valueOf(e.getMessage())))));
      }
      HttpRequest.BodyPublisher p = HttpRequest.BodyPublishers.ofInputStream(() -> q.in);
      body = length != null ? HttpRequest.BodyPublishers.fromPublisher(p, length) : p;
    }
    HttpRequest.Builder b;
    try {
      b = HttpRequest.newBuilder(uri).method(HttpHost.methodOf(req.method), body);
      for (HttpFields.Entry e : req.headers.entries) {
        if (!RESTRICTED.contains(e.name().toLowerCase(Locale.ROOT))) {
          b.header(e.name(), new String(e.value(), java.nio.charset.StandardCharsets.ISO_8859_1));
        }
      }
    } catch (IllegalArgumentException e) {
      throw new HttpHost.HttpErr(V.variant("HTTP-protocol-error"));
    }
    if (o != null && o.firstByte != null) {
      b.timeout(Duration.ofNanos(Math.max(1, o.firstByte)));
    }
    CompletableFuture<Object> result = new CompletableFuture<>();
    client(o == null ? null : o.connect).sendAsync(b.build(), HttpResponse.BodyHandlers.ofInputStream())
        .whenComplete((resp, ex) -> {
          if (ex != null) {
            result.complete(errorCode(ex instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                ? c.getCause() : ex));
          } else {
            result.complete(incoming(resp));
          }
        });
    return new HttpMessages.FutureResponse(result);
  }

  private static HttpMessages.Incoming incoming(HttpResponse<InputStream> resp) {
    HttpFields h = new HttpFields();
    for (Map.Entry<String, List<String>> e : resp.headers().map().entrySet()) {
      if (e.getKey().startsWith(":")) {
        continue;
      }
      for (String v : e.getValue()) {
        h.entries.add(new HttpFields.Entry(e.getKey().toLowerCase(Locale.ROOT),
            v.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
      }
    }
    return new HttpMessages.Incoming(null, null, null, null, resp.statusCode(), h, resp.body());
  }

  static Val errorCode(Throwable t) {
    return switch (t) {
      case HttpConnectTimeoutException x -> V.variant("connection-timeout");
      case HttpTimeoutException x -> V.variant("HTTP-response-timeout");
      case ConnectException x -> V.variant("connection-refused");
      case UnknownHostException x -> dns();
      case UnresolvedAddressException x -> dns();
      case SSLHandshakeException x -> V.variant("TLS-certificate-error");
      case SSLException x -> V.variant("TLS-protocol-error");
      case IOException x when String.valueOf(x.getMessage()).contains("closed") -> V.variant("connection-terminated");
      case IOException x -> V.variant("HTTP-protocol-error");
      default -> V.variant("internal-error", V.some(V.str(String.valueOf(t.getMessage()))));
    };
  }

  private static Val dns() {
    return V.variant("DNS-error", V.record("rcode", V.some(V.str("address not available")), "info-code", V.some(V.u16(0))));
  }

  /** A request body fed by the guest's writes, read by the HTTP client's thread. */
  static final class QueueBody implements HttpMessages.BodySink {
    private static final byte[] END = new byte[0];
    private static final byte[] ABORT = new byte[0];
    private final BlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
    final InputStream in = new InputStream() {
      private byte[] cur = new byte[0];
      private int pos;
      private boolean done;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        while (pos >= cur.length) {
          if (done) {
            return -1;
          }
          byte[] next;
          try {
            next = chunks.take();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
          }
          if (next == END) {
            done = true;
            return -1;
          }
          if (next == ABORT) {
            throw new IOException("the guest dropped the request body without finishing it");
          }
          cur = next;
          pos = 0;
        }
        int n = Math.min(len, cur.length - pos);
        System.arraycopy(cur, pos, b, off, n);
        pos += n;
        return n;
      }
    };

    @Override
    public void write(byte[] b) {
      if (b.length > 0) {
        chunks.add(b.clone());
      }
    }

    @Override
    public void finish(long total) {
      chunks.add(END);
    }

    @Override
    public void abort() {
      chunks.add(ABORT);
    }
  }
}

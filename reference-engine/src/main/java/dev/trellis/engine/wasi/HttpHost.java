package dev.trellis.engine.wasi;

import dev.trellis.engine.runtime.Val;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the {@code wasi:http} hosts share. (The {@code incoming-handler} is the guest's export;
 * {@link WasiHttpServer} calls it.)
 */
final class HttpHost {
  private HttpHost() {}

  /** A header-error or error-code returned to the guest as {@code err(...)}. */
  static final class HttpErr extends RuntimeException {
    final Val code;

    HttpErr(Val code) {
      super(null, null, false, false);
      this.code = code;
    }
  }

  static Val res(Supplier<Val> op) {
    try {
      return V.ok(op.get());
    } catch (HttpErr e) {
      return V.err(e.code);
    }
  }

  static <X> X get(WasiState s, Val v, Class<X> c) {
    return s.table.get(V.rep(v), c);
  }

  static String methodName(Val m) {
    String c = V.caseOf(m);
    return c.equals("other") ? V.str(V.payload(m)) : c.toUpperCase(java.util.Locale.ROOT);
  }

  static Val method(String name) {
    return switch (name) {
      case "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH" ->
          V.variant(name.toLowerCase(java.util.Locale.ROOT));
      default -> V.variant("other", V.str(name));
    };
  }

  static String methodOf(Val m) {
    return methodName(m);
  }

  static Val fieldList(HttpFields f) {
    List<Val> out = new ArrayList<>(f.entries.size());
    for (HttpFields.Entry e : f.entries) {
      out.add(V.tuple(V.str(e.name()), V.bytes(e.value())));
    }
    return V.list(out);
  }

  static Val headerError(String c) {
    return V.variant(c);
  }

  static Val consume(WasiState s, HttpMessages.Incoming in) {
    HttpMessages.IncomingBody b = in.consume();
    return b == null ? V.UNIT_ERR : V.ok(V.own(WasiTypes.INCOMING_BODY, s.table.push(b)));
  }

  static Val outgoingBody(WasiState s, HttpMessages.Outgoing o) {
    if (o.bodyTaken) {
      return V.UNIT_ERR;
    }
    o.bodyTaken = true;
    o.body = new HttpMessages.OutgoingBody(o.contentLength(), o.request);
    return V.ok(V.own(WasiTypes.OUTGOING_BODY, s.table.push(o.body)));
  }

  static Val scheme(String sc) {
    return switch (sc.toLowerCase(java.util.Locale.ROOT)) {
      case "http" -> V.variant("HTTP");
      case "https" -> V.variant("HTTPS");
      default -> V.variant("other", V.str(sc));
    };
  }

  static Val str0(String s) {
    return s == null ? null : V.str(s);
  }

  static Val optDuration(Long d) {
    return d == null ? V.NONE : V.some(V.u64(d));
  }

  static Long duration(Val opt) {
    Val v = V.opt(opt);
    return v == null ? null : V.u64(v);
  }

  static boolean validPath(String p) {
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      if (c <= ' ' || c == 0x7f || c == '#' || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  static boolean validScheme(String s) {
    if (s.isEmpty() || !Character.isLetter(s.charAt(0))) {
      return false;
    }
    return s.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.');
  }

  static boolean validAuthority(String a) {
    if (a.isEmpty()) {
      return true;
    }
    for (int i = 0; i < a.length(); i++) {
      char c = a.charAt(i);
      if (c <= ' ' || c > 0x7e || c == '/' || c == '?' || c == '#' || c == '@' && a.indexOf('@', i + 1) >= 0) {
        return false;
      }
    }
    int colon = a.lastIndexOf(':');
    if (colon >= 0 && a.indexOf(']') < colon) {
      String port = a.substring(colon + 1);
      if (port.isEmpty() || !port.chars().allMatch(Character::isDigit) || port.length() > 5
          || Integer.parseInt(port) > 65535) {
        return false;
      }
    }
    return true;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}

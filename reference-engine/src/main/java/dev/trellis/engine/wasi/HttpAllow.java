package dev.trellis.engine.wasi;

import java.util.List;
import java.util.Locale;

/**
 * The outgoing-HTTP allow-list: patterns {@code *} (anything), {@code host}, {@code host:port},
 * {@code *.domain} (any subdomain), each optionally prefixed {@code http://} or
 * {@code https://} to restrict the scheme. A pattern without a port allows the scheme's
 * default port only.
 */
final class HttpAllow {
  private HttpAllow() {}

  static boolean allowed(List<String> patterns, String authority, boolean https) {
    String a = authority.toLowerCase(Locale.ROOT);
    String host = a;
    int port = https ? 443 : 80;
    int colon = a.lastIndexOf(':');
    if (colon >= 0 && a.indexOf(']') < colon) {
      host = a.substring(0, colon);
      try {
        port = Integer.parseInt(a.substring(colon + 1));
      } catch (NumberFormatException e) {
        return false;
      }
    }
    for (String raw : patterns) {
      String p = raw.toLowerCase(Locale.ROOT);
      if (p.equals("*")) {
        return true;
      }
      if (p.startsWith("http://")) {
        if (https) {
          continue;
        }
        p = p.substring(7);
      } else if (p.startsWith("https://")) {
        if (!https) {
          continue;
        }
        p = p.substring(8);
      }
      String ph = p;
      int pport = https ? 443 : 80;
      boolean anyPort = false;
      int pc = p.lastIndexOf(':');
      if (pc >= 0 && p.indexOf(']') < pc) {
        ph = p.substring(0, pc);
        String ps = p.substring(pc + 1);
        if (ps.equals("*")) {
          anyPort = true;
        } else {
          try {
            pport = Integer.parseInt(ps);
          } catch (NumberFormatException e) {
            continue;
          }
        }
      }
      if (!anyPort && pport != port) {
        continue;
      }
      if (ph.equals(host) || ph.equals("*")
          || (ph.startsWith("*.") && host.endsWith(ph.substring(1)))) {
        return true;
      }
    }
    return false;
  }
}

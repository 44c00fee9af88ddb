package dev.trellis.engine.wasi;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The host side of {@code wasi:http/types.fields}: name/value pairs in order, names compared
 * without case, mutable unless handed out as the headers of a message.
 */
final class HttpFields {
  /** Names the host does not let a guest set: hop-by-hop headers the transport owns. */
  static final Set<String> FORBIDDEN = Set.of("connection", "keep-alive", "proxy-connection", "transfer-encoding",
      "upgrade", "http2-settings", "te");

  record Entry(String name, byte[] value) {}

  final List<Entry> entries = new ArrayList<>();
  boolean immutable;

  HttpFields() {}

  HttpFields copy() {
    HttpFields f = new HttpFields();
    f.entries.addAll(entries);
    return f;
  }

  /** A field name: an RFC 9110 token. */
  static boolean validName(String n) {
    if (n.isEmpty()) {
      return false;
    }
    for (int i = 0; i < n.length(); i++) {
      char c = n.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** A field value: visible characters, spaces and tabs, and obs-text; no CR, LF or NUL. */
  static boolean validValue(byte[] v) {
    for (byte b : v) {
      int c = b & 0xff;
      if (c == '\r' || c == '\n' || c == 0 || (c < 0x20 && c != '\t') || c == 0x7f) {
        return false;
      }
    }
    return true;
  }

  static String key(String n) {
    return n.toLowerCase(Locale.ROOT);
  }

  /** Checks a name/value for adding; returns the header-error case, or null. */
  static String check(String name, byte[] value) {
    if (!validName(name) || (value != null && !validValue(value))) {
      return "invalid-syntax";
    }
    if (FORBIDDEN.contains(key(name))) {
      return "forbidden";
    }
    return null;
  }

  List<byte[]> get(String name) {
    List<byte[]> out = new ArrayList<>();
    String k = key(name);
    for (Entry e : entries) {
      if (key(e.name()).equals(k)) {
        out.add(e.value());
      }
    }
    return out;
  }

  boolean has(String name) {
    String k = key(name);
    return entries.stream().anyMatch(e -> key(e.name()).equals(k));
  }

  void delete(String name) {
    String k = key(name);
    entries.removeIf(e -> key(e.name()).equals(k));
  }

  /** The first value of {@code name} as text, or null. */
  String first(String name) {
    List<byte[]> v = get(name);
    return v.isEmpty() ? null : new String(v.get(0), StandardCharsets.ISO_8859_1);
  }
}

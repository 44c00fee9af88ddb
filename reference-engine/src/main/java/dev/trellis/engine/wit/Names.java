package dev.trellis.engine.wit;

/** String-literal helpers shared by the WIT parser and printer. */
final class Names {
  private Names() {}

  /**
   * The value of a WIT string literal (Core WebAssembly {@code name} syntax: {@code tab, newline, return, quotes and backslash}, hex byte escapes and unicode escapes), given its source text with quotes.
   */
  static String unquote(String literal, int offset) {
    StringBuilder out = new StringBuilder();
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    String s = literal.substring(1, literal.length() - 1);
    for (int i = 0; i < s.length(); ) {
      char c = s.charAt(i);
      if (c != '\\') {
        flush(bytes, out, offset);
        out.append(c);
        i++;
        continue;
      }
      if (i + 1 >= s.length()) {
        throw new WitError(offset, offset + literal.length(), "invalid escape in string literal");
      }
      char e = s.charAt(i + 1);
      switch (e) {
        case 't' -> { flush(bytes, out, offset); out.append('\t'); i += 2; }
        case 'n' -> { flush(bytes, out, offset); out.append('\n'); i += 2; }
        case 'r' -> { flush(bytes, out, offset); out.append('\r'); i += 2; }
        case '"', '\'', '\\' -> { flush(bytes, out, offset); out.append(e); i += 2; }
        case 'u' -> {
          int close = s.indexOf('}', i);
          if (i + 2 >= s.length() || s.charAt(i + 2) != '{' || close < 0) {
            throw new WitError(offset, offset + literal.length(), "invalid unicode escape in string literal");
          }
          flush(bytes, out, offset);
          int cp;
          try {
            cp = Integer.parseInt(s.substring(i + 3, close).replace("_", ""), 16);
          } catch (NumberFormatException ex) {
            throw new WitError(offset, offset + literal.length(), "invalid unicode escape in string literal");
          }
          if (!Character.isValidCodePoint(cp) || cp >= 0xd800 && cp < 0xe000) {
            throw new WitError(offset, offset + literal.length(), "invalid unicode scalar value in string literal");
          }
          out.appendCodePoint(cp);
          i = close + 1;
        }
        default -> {
          if (i + 2 < s.length() && hex(e) >= 0 && hex(s.charAt(i + 2)) >= 0) {
            bytes.write(hex(e) * 16 + hex(s.charAt(i + 2)));
            i += 3;
          } else {
            throw new WitError(offset, offset + literal.length(), "invalid escape in string literal");
          }
        }
      }
    }
    flush(bytes, out, offset);
    return out.toString();
  }

  private static void flush(java.io.ByteArrayOutputStream bytes, StringBuilder out, int offset) {
    if (bytes.size() == 0) {
      return;
    }
    var decoder = java.nio.charset.StandardCharsets.UTF_8.newDecoder();
    try {
      out.append(decoder.decode(java.nio.ByteBuffer.wrap(bytes.toByteArray())));
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new WitError(offset, offset + 1, "string literal is not valid UTF-8");
    }
    bytes.reset();
  }

  private static int hex(char c) {
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
  }

  /** A WIT string literal for {@code s}. */
  static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    s.codePoints().forEach(cp -> {
      switch (cp) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '\r' -> out.append("\\r");
        default -> {
          if (cp < 0x20 || cp == 0x7f) {
            out.append(String.format("\\u{%x}", cp));
          } else {
            out.appendCodePoint(cp);
          }
        }
      }
    });
    return out.append('"').toString();
  }
}

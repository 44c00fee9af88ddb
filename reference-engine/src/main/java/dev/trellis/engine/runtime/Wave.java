package dev.trellis.engine.runtime;

import java.util.List;

/** Printing helpers for WAVE, the WebAssembly Value Encoding Wasmtime uses for {@code --invoke}. */
final class Wave {
  private Wave() {}

  private static final java.util.Set<String> KEYWORDS =
      java.util.Set.of("true", "false", "inf", "nan", "some", "none", "ok", "err");

  static String join(String open, List<?> items, String close) {
    StringBuilder sb = new StringBuilder(open);
    for (int i = 0; i < items.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(items.get(i));
    }
    return sb.append(close).toString();
  }

  static String label(String name) {
    return KEYWORDS.contains(name) ? "%" + name : name;
  }

  static String f32(float v) {
    if (Float.isNaN(v)) {
      return "nan";
    }
    if (Float.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    return trim(Float.toString(v));
  }

  static String f64(double v) {
    if (Double.isNaN(v)) {
      return "nan";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    return trim(Double.toString(v));
  }

  private static String trim(String s) {
    if (s.contains("E")) {
      return s.replace("E", "e");
    }
    return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
  }

  static String charLiteral(int cp) {
    return "'" + escape(cp, '\'') + "'";
  }

  static String stringLiteral(String s) {
    StringBuilder sb = new StringBuilder("\"");
    s.codePoints().forEach(cp -> sb.append(escape(cp, '"')));
    return sb.append('"').toString();
  }

  private static String escape(int cp, char quote) {
    return switch (cp) {
      case '\\' -> "\\\\";
      case '\n' -> "\\n";
      case '\r' -> "\\r";
      case '\t' -> "\\t";
      default -> {
        if (cp == quote) {
          yield "\\" + quote;
        }
        if (cp < 0x20 || cp == 0x7f) {
          yield "\\u{" + Integer.toHexString(cp) + "}";
        }
        yield new String(Character.toChars(cp));
      }
    };
  }
}

package dev.trellis.reports;

import java.util.Locale;

/** Number formatting shared by the HTML and Markdown writers. */
final class Fmt {
  private Fmt() {}

  /** Three significant digits, with thousands separators for large values. */
  static String num(double v) {
    if (Double.isNaN(v)) {
      return "–";
    }
    double a = Math.abs(v);
    if (a >= 1000) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    if (a >= 100) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    if (a >= 1 || a == 0) {
      return String.format(Locale.ROOT, "%.2f", v);
    }
    return String.format(Locale.ROOT, "%.3g", v);
  }

  static String num(double v, String unit) {
    return Double.isNaN(v) ? "–" : num(v) + " " + unit;
  }

  /** A ratio as a signed percentage change: 1.2 → "+20.0%". */
  static String change(double ratio) {
    return Double.isNaN(ratio) ? "–" : String.format(Locale.ROOT, "%+.1f%%", (ratio - 1) * 100);
  }

  /** A ratio's interval as percentage changes: "[+15.2%, +24.9%]". */
  static String interval(double low, double high) {
    return Double.isNaN(low) ? "(no CI)" : "[" + change(low) + ", " + change(high) + "]";
  }

  static String percent(double rate) {
    return Double.isNaN(rate) ? "–" : String.format(Locale.ROOT, "%.1f%%", rate * 100);
  }

  static String html(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** Text safe inside a Markdown table cell or inline code. */
  static String md(String s) {
    if (s == null) {
      return "";
    }
    String one = s.replace('\n', ' ').replace('\r', ' ').replace("|", "\\|").replace("`", "'");
    return one.length() > 200 ? one.substring(0, 197) + "..." : one;
  }
}

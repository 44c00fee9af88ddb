package dev.trellis.bench;

import java.util.Locale;

/** Numbers for people: times with sensible units, sizes in KiB/MiB. */
final class Fmt {
  private Fmt() {}

  /** A JMH score with its error, e.g. {@code 1.23 ± 0.04 us/op}. */
  static String score(double score, double error, String unit) {
    String e = Double.isNaN(error) ? "" : " ± " + num(error);
    return num(score) + e + " " + unit;
  }

  /** Three significant digits, no exponent for everyday magnitudes. */
  static String num(double x) {
    double a = Math.abs(x);
    if (a == 0) {
      return "0";
    }
    if (a >= 100) {
      return String.format(Locale.ROOT, "%,.0f", x);
    }
    if (a >= 10) {
      return String.format(Locale.ROOT, "%.1f", x);
    }
    if (a >= 1) {
      return String.format(Locale.ROOT, "%.2f", x);
    }
    return String.format(Locale.ROOT, "%.3g", x);
  }

  /** Nanoseconds as ns, us, ms or s. */
  static String nanos(double ns) {
    if (ns < 1e3) {
      return num(ns) + " ns";
    }
    if (ns < 1e6) {
      return num(ns / 1e3) + " us";
    }
    if (ns < 1e9) {
      return num(ns / 1e6) + " ms";
    }
    return num(ns / 1e9) + " s";
  }

  static String bytes(double b) {
    if (Math.abs(b) < 1024) {
      return num(b) + " B";
    }
    if (Math.abs(b) < 1024 * 1024) {
      return num(b / 1024) + " KiB";
    }
    return num(b / (1024 * 1024)) + " MiB";
  }

  /** A payload size: 1 B, 1 KiB, 64 KiB, 1 MiB. */
  static String size(int bytes) {
    if (bytes >= 1 << 20 && bytes % (1 << 20) == 0) {
      return (bytes >> 20) + " MiB";
    }
    if (bytes >= 1024 && bytes % 1024 == 0) {
      return (bytes >> 10) + " KiB";
    }
    return bytes + " B";
  }
}

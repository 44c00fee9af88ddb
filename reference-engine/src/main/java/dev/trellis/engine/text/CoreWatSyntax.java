package dev.trellis.engine.text;

/**
 * Integer literal fast paths for the core WAT assembler: the common literals (decimal or hex,
 * fitting in 60 bits) are parsed without allocation; anything else falls back to {@link Numbers}.
 * Like {@link Numbers}, every method returns null when the literal is malformed or out of range.
 */
final class CoreWatSyntax {
  private CoreWatSyntax() {}

  /** Sentinel: the fast path could not decide. */
  private static final long SLOW = Long.MIN_VALUE;

  /**
   * Parses the magnitude of an integer literal starting at {@code from} (after any sign); returns
   * {@link #SLOW} if it is not a plain integer or does not fit comfortably in a long.
   */
  private static long magnitude(String s, int from) {
    int n = s.length();
    if (from >= n) {
      return SLOW;
    }
    long v = 0;
    if (n - from > 2 && s.charAt(from) == '0' && s.charAt(from + 1) == 'x') {
      int digits = 0;
      for (int i = from + 2; i < n; i++) {
        char c = s.charAt(i);
        int d;
        if (c >= '0' && c <= '9') {
          d = c - '0';
        } else if (c >= 'a' && c <= 'f') {
          d = c - 'a' + 10;
        } else if (c >= 'A' && c <= 'F') {
          d = c - 'A' + 10;
        } else if (c == '_') {
          continue;
        } else {
          return SLOW;
        }
        if (++digits > 15) {
          return SLOW;
        }
        v = v * 16 + d;
      }
      return digits == 0 ? SLOW : v;
    }
    int digits = 0;
    for (int i = from; i < n; i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        if (++digits > 18) {
          return SLOW;
        }
        v = v * 10 + (c - '0');
      } else if (c != '_') {
        return SLOW;
      }
    }
    return digits == 0 ? SLOW : v;
  }

  /** An unsigned 32-bit literal (no sign). */
  static Long u32(String s) {
    if (!s.isEmpty() && s.charAt(0) != '+' && s.charAt(0) != '-') {
      long m = magnitude(s, 0);
      if (m != SLOW) {
        return m <= 0xffff_ffffL ? m : null;
      }
    }
    return Numbers.u32(s);
  }

  /** An {@code i32} literal, as its 32 bits. */
  static Integer i32(String s) {
    boolean neg = !s.isEmpty() && s.charAt(0) == '-';
    boolean signed = neg || (!s.isEmpty() && s.charAt(0) == '+');
    long m = magnitude(s, signed ? 1 : 0);
    if (m != SLOW) {
      if (neg) {
        return m <= 0x8000_0000L ? (int) -m : null;
      }
      return m <= 0xffff_ffffL ? (int) m : null;
    }
    return Numbers.i32(s);
  }

  /** An {@code i64} literal, as its 64 bits. */
  static Long i64(String s) {
    boolean neg = !s.isEmpty() && s.charAt(0) == '-';
    boolean signed = neg || (!s.isEmpty() && s.charAt(0) == '+');
    long m = magnitude(s, signed ? 1 : 0);
    if (m != SLOW) {
      return neg ? -m : m;
    }
    return Numbers.i64(s);
  }
}

package dev.trellis.engine.text;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Number literals of the text format (core spec §6.3.1): integers with sign, hex and
 * underscores; floats in decimal and hex, {@code inf}, {@code nan} and {@code nan:0x...}
 * payloads. All methods return null when the literal is out of range or malformed, so the
 * caller can report it with its own position and wording.
 */
public final class Numbers {
  private Numbers() {}

  private static final BigInteger TWO_32 = BigInteger.ONE.shiftLeft(32);
  private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

  /** Parses an integer literal of any size; null if not an integer literal. */
  public static BigInteger integer(String text) {
    String s = text.replace("_", "");
    boolean neg = false;
    if (s.startsWith("+") || s.startsWith("-")) {
      neg = s.charAt(0) == '-';
      s = s.substring(1);
    }
    BigInteger v;
    try {
      if (s.startsWith("0x")) {
        if (s.length() == 2 || s.contains(".") || s.contains("p") || s.contains("P")) {
          return null;
        }
        v = new BigInteger(s.substring(2), 16);
      } else {
        if (s.isEmpty() || !s.chars().allMatch(Character::isDigit)) {
          return null;
        }
        v = new BigInteger(s, 10);
      }
    } catch (NumberFormatException e) {
      return null;
    }
    return neg ? v.negate() : v;
  }

  /** True if the literal has an explicit sign. */
  public static boolean signed(String text) {
    return text.startsWith("+") || text.startsWith("-");
  }

  /** An unsigned 32-bit literal (no sign allowed), as used for indices and alignments. */
  public static Long u32(String text) {
    if (signed(text)) {
      return null;
    }
    BigInteger v = integer(text);
    return v != null && v.signum() >= 0 && v.compareTo(TWO_32) < 0 ? v.longValue() : null;
  }

  /** An unsigned 64-bit literal (no sign allowed), returned as its bits. */
  public static Long u64(String text) {
    if (signed(text)) {
      return null;
    }
    BigInteger v = integer(text);
    return v != null && v.signum() >= 0 && v.compareTo(TWO_64) < 0 ? v.longValue() : null;
  }

  /** An {@code i32} literal: {@code -2^31 <= v < 2^32}, returned as its 32 bits. */
  public static Integer i32(String text) {
    BigInteger v = integer(text);
    if (v == null || v.compareTo(BigInteger.ONE.shiftLeft(31).negate()) < 0 || v.compareTo(TWO_32) >= 0) {
      return null;
    }
    if (signed(text) && text.startsWith("+") && v.compareTo(TWO_32) >= 0) {
      return null;
    }
    return v.intValue();
  }

  /** An {@code i64} literal: {@code -2^63 <= v < 2^64}, returned as its 64 bits. */
  public static Long i64(String text) {
    BigInteger v = integer(text);
    if (v == null || v.compareTo(BigInteger.ONE.shiftLeft(63).negate()) < 0 || v.compareTo(TWO_64) >= 0) {
      return null;
    }
    return v.longValue();
  }

  /** An integer literal checked against a signed or unsigned range of {@code bits} bits. */
  public static Long ranged(String text, int bits, boolean signed) {
    BigInteger v = integer(text);
    if (v == null) {
      return null;
    }
    BigInteger min = signed ? BigInteger.ONE.shiftLeft(bits - 1).negate() : BigInteger.ZERO;
    BigInteger max = signed ? BigInteger.ONE.shiftLeft(bits - 1) : BigInteger.ONE.shiftLeft(bits);
    if (v.compareTo(min) < 0 || v.compareTo(max) >= 0) {
      return null;
    }
    return v.longValue();
  }

  /** An {@code f32} literal, returned as its IEEE 754 bits (NaN payloads preserved). */
  public static Integer f32(String text) {
    String s = text.replace("_", "");
    boolean neg = s.startsWith("-");
    if (s.startsWith("+") || s.startsWith("-")) {
      s = s.substring(1);
    }
    int sign = neg ? 0x8000_0000 : 0;
    if (s.equals("inf")) {
      return sign | 0x7f80_0000;
    }
    if (s.equals("nan")) {
      return sign | 0x7fc0_0000;
    }
    if (s.startsWith("nan:0x")) {
      BigInteger p;
      try {
        p = new BigInteger(s.substring(6), 16);
      } catch (NumberFormatException e) {
        return null;
      }
      if (p.signum() == 0 || p.bitLength() > 23) {
        return null;
      }
      return sign | 0x7f80_0000 | p.intValue();
    }
    Double check = finite(s);
    if (check == null) {
      return null;
    }
    float f;
    if (s.startsWith("0x")) {
      f = (float) hexToFloat(s, 24, 127);
    } else {
      f = new BigDecimal(s).floatValue();
    }
    if (Float.isInfinite(f)) {
      return null;
    }
    return sign | Float.floatToRawIntBits(f);
  }

  /** An {@code f64} literal, returned as its IEEE 754 bits (NaN payloads preserved). */
  public static Long f64(String text) {
    String s = text.replace("_", "");
    boolean neg = s.startsWith("-");
    if (s.startsWith("+") || s.startsWith("-")) {
      s = s.substring(1);
    }
    long sign = neg ? 0x8000_0000_0000_0000L : 0;
    if (s.equals("inf")) {
      return sign | 0x7ff0_0000_0000_0000L;
    }
    if (s.equals("nan")) {
      return sign | 0x7ff8_0000_0000_0000L;
    }
    if (s.startsWith("nan:0x")) {
      BigInteger p;
      try {
        p = new BigInteger(s.substring(6), 16);
      } catch (NumberFormatException e) {
        return null;
      }
      if (p.signum() == 0 || p.bitLength() > 52) {
        return null;
      }
      return sign | 0x7ff0_0000_0000_0000L | p.longValue();
    }
    if (finite(s) == null) {
      return null;
    }
    double d = s.startsWith("0x") ? hexToFloat(s, 53, 1023) : new BigDecimal(s).doubleValue();
    if (Double.isInfinite(d)) {
      return null;
    }
    return sign | Double.doubleToRawLongBits(d);
  }

  /** Syntax check of an unsigned finite float literal; returns 0.0 if well-formed. */
  private static Double finite(String s) {
    if (s.startsWith("0x")) {
      return s.matches("0x[0-9a-fA-F]+(\\.[0-9a-fA-F]*)?([pP][+-]?[0-9]+)?") ? 0.0 : null;
    }
    return s.matches("[0-9]+(\\.[0-9]*)?([eE][+-]?[0-9]+)?") ? 0.0 : null;
  }

  /**
   * Converts an unsigned hex float literal to the nearest value with {@code precision}
   * significand bits (24 for f32, 53 for f64), rounding to nearest-even exactly once, and
   * returns it as a double (exact for both widths). Overflow returns infinity.
   */
  private static double hexToFloat(String s, int precision, int maxExp) {
    String body = s.substring(2);
    int exp = 0;
    int p = body.indexOf('p');
    if (p < 0) {
      p = body.indexOf('P');
    }
    if (p >= 0) {
      BigInteger e = new BigInteger(body.substring(p + 1));
      if (e.bitLength() > 30) {
        return e.signum() > 0 ? Double.POSITIVE_INFINITY : 0.0;
      }
      exp = e.intValue();
      body = body.substring(0, p);
    }
    int dot = body.indexOf('.');
    String intPart = dot < 0 ? body : body.substring(0, dot);
    String frac = dot < 0 ? "" : body.substring(dot + 1);
    BigInteger mant = new BigInteger((intPart.isEmpty() ? "0" : intPart) + frac, 16);
    exp -= 4 * frac.length();
    if (mant.signum() == 0) {
      return 0.0;
    }
    // value = mant * 2^exp; round to `precision` bits, honouring subnormals.
    int minExp = 1 - maxExp - (precision - 1); // exponent of the smallest subnormal ulp
    int bits = mant.bitLength();
    int topExp = exp + bits - 1; // exponent of the leading bit
    int keepFrom = Math.max(topExp - (precision - 1), minExp); // ulp exponent after rounding
    int shift = keepFrom - exp;
    BigInteger q;
    if (shift > 0) {
      BigInteger half = BigInteger.ONE.shiftLeft(shift - 1);
      BigInteger rem = mant.and(BigInteger.ONE.shiftLeft(shift).subtract(BigInteger.ONE));
      q = mant.shiftRight(shift);
      int cmp = rem.compareTo(half);
      if (cmp > 0 || (cmp == 0 && q.testBit(0))) {
        q = q.add(BigInteger.ONE);
      }
    } else {
      q = mant.shiftLeft(-shift);
    }
    // q * 2^keepFrom, exactly representable as a double for both widths unless it overflows.
    if (keepFrom + q.bitLength() - 1 > maxExp) {
      return Double.POSITIVE_INFINITY;
    }
    // q has at most precision+1 bits, so both the conversion and the scaling are exact.
    return Math.scalb(q.doubleValue(), keepFrom);
  }
}

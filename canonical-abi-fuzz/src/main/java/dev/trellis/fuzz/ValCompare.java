package dev.trellis.fuzz;

import dev.trellis.engine.runtime.ResourceHandle;
import dev.trellis.engine.runtime.Val;
import java.util.HashSet;
import java.util.List;

/**
 * Compares an expected component value with one that came back across the Canonical ABI, and
 * says where they first differ.
 *
 * <p>Floats compare by bits except for NaNs, whose handling is the {@link NanRule}: after a
 * lift the spec's {@code canonicalize_nan32/64} leaves exactly the canonical NaN, but the spec
 * also lets a host keep the original NaN (CanonicalABI.md, "Floats are stored directly into
 * memory… Hosts may instead choose… the original value"), so across runtimes any NaN is the
 * one NaN value. Handles compare by resource type, own/borrow and {@code rep}; flags as sets;
 * records field by field in order.
 */
public final class ValCompare {
  private ValCompare() {}

  /** How an expected NaN must come back. */
  public enum NanRule {
    /** Any NaN (the component-level value: there is one NaN). */
    ANY_NAN,
    /** Exactly {@code CANONICAL_FLOAT32_NAN} / {@code CANONICAL_FLOAT64_NAN} (what lifting produces). */
    CANONICAL,
    /** The same bits (sign and payload). */
    BITS
  }

  /** Null when {@code actual} matches {@code expected}, else where and how they differ. */
  public static String difference(Val expected, Val actual, NanRule nan) {
    return diff("", expected, actual, nan);
  }

  public static boolean same(Val expected, Val actual, NanRule nan) {
    return difference(expected, actual, nan) == null;
  }

  /** Compares two argument or result lists. */
  public static String difference(List<Val> expected, List<Val> actual, NanRule nan) {
    if (expected.size() != actual.size()) {
      return "expected " + expected.size() + " values, got " + actual.size();
    }
    for (int i = 0; i < expected.size(); i++) {
      String d = diff("[" + i + "]", expected.get(i), actual.get(i), nan);
      if (d != null) {
        return d;
      }
    }
    return null;
  }

  private static String diff(String at, Val e, Val a, NanRule nan) {
    if (e == null || a == null) {
      return e == a ? null : mismatch(at, e, a);
    }
    switch (e) {
      case Val.F32(float x) -> {
        if (!(a instanceof Val.F32(float y))) {
          return mismatch(at, e, a);
        }
        if (Float.isNaN(x)) {
          boolean ok = switch (nan) {
            case ANY_NAN -> Float.isNaN(y);
            case CANONICAL -> Float.floatToRawIntBits(y) == 0x7fc00000;
            case BITS -> Float.floatToRawIntBits(y) == Float.floatToRawIntBits(x);
          };
          return ok ? null : mismatch(at, e, a) + " (bits 0x" + Integer.toHexString(Float.floatToRawIntBits(y)) + ")";
        }
        return Float.floatToRawIntBits(x) == Float.floatToRawIntBits(y) ? null : mismatch(at, e, a);
      }
      case Val.F64(double x) -> {
        if (!(a instanceof Val.F64(double y))) {
          return mismatch(at, e, a);
        }
        if (Double.isNaN(x)) {
          boolean ok = switch (nan) {
            case ANY_NAN -> Double.isNaN(y);
            case CANONICAL -> Double.doubleToRawLongBits(y) == 0x7ff8000000000000L;
            case BITS -> Double.doubleToRawLongBits(y) == Double.doubleToRawLongBits(x);
          };
          return ok ? null : mismatch(at, e, a) + " (bits 0x" + Long.toHexString(Double.doubleToRawLongBits(y)) + ")";
        }
        return Double.doubleToRawLongBits(x) == Double.doubleToRawLongBits(y) ? null : mismatch(at, e, a);
      }
      case Val.ListOf(List<Val> xs) -> {
        if (!(a instanceof Val.ListOf(List<Val> ys))) {
          return mismatch(at, e, a);
        }
        return elements(at, xs, ys, nan);
      }
      case Val.TupleOf(List<Val> xs) -> {
        if (!(a instanceof Val.TupleOf(List<Val> ys))) {
          return mismatch(at, e, a);
        }
        return elements(at, xs, ys, nan);
      }
      case Val.RecordOf(List<Val.Field> xs) -> {
        if (!(a instanceof Val.RecordOf(List<Val.Field> ys)) || xs.size() != ys.size()) {
          return mismatch(at, e, a);
        }
        for (int i = 0; i < xs.size(); i++) {
          if (!xs.get(i).name().equals(ys.get(i).name())) {
            return at + "." + xs.get(i).name() + ": field named " + ys.get(i).name();
          }
          String d = diff(at + "." + xs.get(i).name(), xs.get(i).value(), ys.get(i).value(), nan);
          if (d != null) {
            return d;
          }
        }
        return null;
      }
      case Val.VariantOf(String c, Val p) -> {
        if (!(a instanceof Val.VariantOf(String c2, Val p2)) || !c.equals(c2)) {
          return mismatch(at, e, a);
        }
        return diff(at + "(" + c + ")", p, p2, nan);
      }
      case Val.OptionOf(Val p) -> {
        if (!(a instanceof Val.OptionOf(Val p2)) || (p == null) != (p2 == null)) {
          return mismatch(at, e, a);
        }
        return diff(at + "?", p, p2, nan);
      }
      case Val.ResultOf(boolean ok, Val p) -> {
        if (!(a instanceof Val.ResultOf(boolean ok2, Val p2)) || ok != ok2) {
          return mismatch(at, e, a);
        }
        return diff(at + (ok ? "(ok)" : "(err)"), p, p2, nan);
      }
      case Val.FlagsOf(List<String> xs) -> {
        if (!(a instanceof Val.FlagsOf(List<String> ys)) || !new HashSet<>(xs).equals(new HashSet<>(ys))
            || ys.size() != new HashSet<>(ys).size()) {
          return mismatch(at, e, a);
        }
        return null;
      }
      case Val.Own(ResourceHandle h) -> {
        return a instanceof Val.Own(ResourceHandle h2) && sameHandle(h, h2) ? null : mismatch(at, e, a);
      }
      case Val.Borrow(ResourceHandle h) -> {
        return a instanceof Val.Borrow(ResourceHandle h2) && sameHandle(h, h2) ? null : mismatch(at, e, a);
      }
      default -> {
        return e.equals(a) ? null : mismatch(at, e, a);
      }
    }
  }

  private static boolean sameHandle(ResourceHandle a, ResourceHandle b) {
    return a.type().equals(b.type()) && a.rep() == b.rep();
  }

  private static String elements(String at, List<Val> xs, List<Val> ys, NanRule nan) {
    if (xs.size() != ys.size()) {
      return at + ": " + xs.size() + " elements expected, got " + ys.size();
    }
    for (int i = 0; i < xs.size(); i++) {
      String d = diff(at + "[" + i + "]", xs.get(i), ys.get(i), nan);
      if (d != null) {
        return d;
      }
    }
    return null;
  }

  private static String mismatch(String at, Val e, Val a) {
    return (at.isEmpty() ? "value" : at) + ": expected " + shorten(e) + ", got " + shorten(a);
  }

  private static String shorten(Val v) {
    String s = String.valueOf(v);
    return s.length() > 200 ? s.substring(0, 197) + "..." : s;
  }
}

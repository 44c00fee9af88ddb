package dev.trellis.harness.adapters;

import dev.trellis.engine.runtime.Val;
import dev.trellis.harness.spi.RuntimeFailure;

/**
 * Core Wasm numbers as {@link Val}s: i32 is {@link Val.S32}, i64 {@link Val.S64}, f32
 * {@link Val.F32}, f64 {@link Val.F64}; floats keep their bits (NaN payloads included).
 * Unsigned component numbers are accepted for the integer type of the same width.
 */
public final class CoreValues {
  private CoreValues() {}

  /** A core value type, as engines name them. */
  public enum CoreType {
    I32, I64, F32, F64
  }

  /** The raw 64 bits of a value for the given type (i32 sign-extended, floats as bits). */
  public static long toBits(Val v, CoreType t) {
    return switch (t) {
      case I32 -> switch (v) {
        case Val.S32(int x) -> x;
        case Val.U32(long x) -> (int) x;
        default -> throw mismatch(v, t);
      };
      case I64 -> switch (v) {
        case Val.S64(long x) -> x;
        case Val.U64(long x) -> x;
        default -> throw mismatch(v, t);
      };
      case F32 -> switch (v) {
        case Val.F32(float x) -> Float.floatToRawIntBits(x) & 0xffff_ffffL;
        default -> throw mismatch(v, t);
      };
      case F64 -> switch (v) {
        case Val.F64(double x) -> Double.doubleToRawLongBits(x);
        default -> throw mismatch(v, t);
      };
    };
  }

  public static Val fromBits(long bits, CoreType t) {
    return switch (t) {
      case I32 -> new Val.S32((int) bits);
      case I64 -> new Val.S64(bits);
      case F32 -> new Val.F32(Float.intBitsToFloat((int) bits));
      case F64 -> new Val.F64(Double.longBitsToDouble(bits));
    };
  }

  private static RuntimeFailure mismatch(Val v, CoreType t) {
    return new RuntimeFailure(RuntimeFailure.Kind.ERROR,
        "argument " + v + " (" + v.getClass().getSimpleName() + ") does not fit core type " + t.name().toLowerCase(java.util.Locale.ROOT));
  }

  public static void checkArity(String export, int expected, int given) {
    if (expected != given) {
      throw new RuntimeFailure(RuntimeFailure.Kind.ERROR,
          export + " takes " + expected + " argument(s), " + given + " given");
    }
  }
}

package dev.trellis.engine.text;

import dev.trellis.engine.runtime.Val;
import java.util.List;

/**
 * An expected result of {@code assert_return}: a value, a NaN pattern
 * ({@code nan:canonical}/{@code nan:arithmetic}) or a choice between expectations
 * ({@code (either ...)}). {@link #matches} decides whether an actual result satisfies it.
 */
public sealed interface WastExpected {

  /** True if {@code actual} satisfies this expectation. */
  boolean matches(Val actual);

  /**
   * Exactly this value. Floats compare by bits, except that an expected NaN matches any NaN:
   * the Component Model has a single NaN value (Explainer.md#fundamental-value-types), and
   * lifting canonicalizes it. Flags compare as sets, records field by field in order.
   */
  record Exact(Val value) implements WastExpected {
    @Override
    public boolean matches(Val actual) {
      return same(value, actual);
    }

    @Override
    public String toString() {
      return value.toString();
    }
  }

  /**
   * {@code f32.const nan:canonical} ({@code arithmetic} false) or {@code nan:arithmetic}
   * ({@code arithmetic} true) at width 32 or 64: a canonical NaN has only the quiet bit of the
   * payload set; an arithmetic NaN has the quiet bit set. Either sign.
   */
  record NanPattern(int width, boolean arithmetic) implements WastExpected {
    @Override
    public boolean matches(Val actual) {
      if (width == 32 && actual instanceof Val.F32(float f)) {
        int payload = Float.floatToRawIntBits(f) & 0x7fff_ffff;
        return arithmetic ? (payload & 0x7fc0_0000) == 0x7fc0_0000 : payload == 0x7fc0_0000;
      }
      if (width == 64 && actual instanceof Val.F64(double d)) {
        long payload = Double.doubleToRawLongBits(d) & 0x7fff_ffff_ffff_ffffL;
        return arithmetic
            ? (payload & 0x7ff8_0000_0000_0000L) == 0x7ff8_0000_0000_0000L
            : payload == 0x7ff8_0000_0000_0000L;
      }
      return false;
    }

    @Override
    public String toString() {
      return "f" + width + ".const nan:" + (arithmetic ? "arithmetic" : "canonical");
    }
  }

  /** {@code (either e*)}: any of the alternatives. */
  record Either(List<WastExpected> alternatives) implements WastExpected {
    public Either {
      alternatives = List.copyOf(alternatives);
    }

    @Override
    public boolean matches(Val actual) {
      return alternatives.stream().anyMatch(e -> e.matches(actual));
    }

    @Override
    public String toString() {
      return "either" + alternatives;
    }
  }

  /** Structural equality of an expected and an actual value under {@link Exact}'s rules. */
  static boolean same(Val expected, Val actual) {
    return switch (expected) {
      case Val.F32(float e) -> actual instanceof Val.F32(float a)
          && (Float.isNaN(e) ? Float.isNaN(a) : Float.floatToRawIntBits(e) == Float.floatToRawIntBits(a));
      case Val.F64(double e) -> actual instanceof Val.F64(double a)
          && (Double.isNaN(e) ? Double.isNaN(a) : Double.doubleToRawLongBits(e) == Double.doubleToRawLongBits(a));
      case Val.ListOf(List<Val> e) -> actual instanceof Val.ListOf(List<Val> a) && sameAll(e, a);
      case Val.TupleOf(List<Val> e) -> actual instanceof Val.TupleOf(List<Val> a) && sameAll(e, a);
      case Val.RecordOf(List<Val.Field> e) -> {
        if (!(actual instanceof Val.RecordOf(List<Val.Field> a)) || a.size() != e.size()) {
          yield false;
        }
        for (int i = 0; i < e.size(); i++) {
          if (!e.get(i).name().equals(a.get(i).name()) || !same(e.get(i).value(), a.get(i).value())) {
            yield false;
          }
        }
        yield true;
      }
      case Val.VariantOf(String c, Val p) -> actual instanceof Val.VariantOf(String ac, Val ap)
          && c.equals(ac) && sameOpt(p, ap);
      case Val.OptionOf(Val v) -> actual instanceof Val.OptionOf(Val av) && sameOpt(v, av);
      case Val.ResultOf(boolean ok, Val p) -> actual instanceof Val.ResultOf(boolean aok, Val ap)
          && ok == aok && sameOpt(p, ap);
      default -> expected.equals(actual);
    };
  }

  private static boolean sameOpt(Val e, Val a) {
    return e == null ? a == null : a != null && same(e, a);
  }

  private static boolean sameAll(List<Val> e, List<Val> a) {
    if (e.size() != a.size()) {
      return false;
    }
    for (int i = 0; i < e.size(); i++) {
      if (!same(e.get(i), a.get(i))) {
        return false;
      }
    }
    return true;
  }
}

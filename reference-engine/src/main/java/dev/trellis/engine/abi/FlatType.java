package dev.trellis.engine.abi;

/**
 * The four core value types a component value flattens to
 * (<a href="../../../../../../../../shared/spec/component-model/CanonicalABI.md#flattening">CanonicalABI.md#flattening</a>).
 *
 * <p>Flat values travel as {@code long}s, as Chicory passes them: an {@code i32} or {@code f32}
 * in the low 32 bits (raw bits for floats), an {@code i64} or {@code f64} in all 64. Because
 * every flat value is held as its raw bits, the {@code join} coercions of variant flattening
 * are bit-preserving: only zero-extension of 32-bit payloads in 64-bit slots needs care.
 */
public enum FlatType {
  I32("i32"), I64("i64"), F32("f32"), F64("f64");

  private final String text;

  FlatType(String text) {
    this.text = text;
  }

  /** {@code join} of CanonicalABI.md#flattening: the tightest type both can be bit-cast into. */
  public static FlatType join(FlatType a, FlatType b) {
    if (a == b) {
      return a;
    }
    if ((a == I32 && b == F32) || (a == F32 && b == I32)) {
      return I32;
    }
    return I64;
  }

  @Override
  public String toString() {
    return text;
  }
}

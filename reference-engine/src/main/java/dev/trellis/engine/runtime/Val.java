package dev.trellis.engine.runtime;

import java.util.List;
import java.util.Objects;

/**
 * A component-level value, one record per case of the value types (Explainer.md#values),
 * as host code and test scripts pass them across the Canonical ABI. Values carry the labels
 * they need (record fields, variant cases, enum and flag names) so they print without their
 * type; whether a value fits a type is checked when it is lowered.
 *
 * <p>{@link #toString()} prints the value in WAVE, the value syntax Wasmtime's
 * {@code --invoke} uses.
 */
public sealed interface Val {

  record Bool(boolean value) implements Val {
    @Override
    public String toString() {
      return Boolean.toString(value);
    }
  }

  record S8(byte value) implements Val {
    @Override
    public String toString() {
      return Byte.toString(value);
    }
  }

  /** {@code u8}, held as {@code 0..255}. */
  record U8(int value) implements Val {
    public U8 {
      if (value < 0 || value > 0xff) {
        throw new IllegalArgumentException("u8 out of range: " + value);
      }
    }

    @Override
    public String toString() {
      return Integer.toString(value);
    }
  }

  record S16(short value) implements Val {
    @Override
    public String toString() {
      return Short.toString(value);
    }
  }

  /** {@code u16}, held as {@code 0..65535}. */
  record U16(int value) implements Val {
    public U16 {
      if (value < 0 || value > 0xffff) {
        throw new IllegalArgumentException("u16 out of range: " + value);
      }
    }

    @Override
    public String toString() {
      return Integer.toString(value);
    }
  }

  record S32(int value) implements Val {
    @Override
    public String toString() {
      return Integer.toString(value);
    }
  }

  /** {@code u32}, held as {@code 0..2^32-1}. */
  record U32(long value) implements Val {
    public U32 {
      if (value < 0 || value > 0xffff_ffffL) {
        throw new IllegalArgumentException("u32 out of range: " + value);
      }
    }

    @Override
    public String toString() {
      return Long.toString(value);
    }
  }

  record S64(long value) implements Val {
    @Override
    public String toString() {
      return Long.toString(value);
    }
  }

  /** {@code u64}, held as its 64 bits (unsigned; never converted through {@code double}). */
  record U64(long bits) implements Val {
    @Override
    public String toString() {
      return Long.toUnsignedString(bits);
    }
  }

  record F32(float value) implements Val {
    @Override
    public boolean equals(Object o) {
      return o instanceof F32 f && Float.floatToRawIntBits(f.value) == Float.floatToRawIntBits(value);
    }

    @Override
    public int hashCode() {
      return Float.floatToRawIntBits(value);
    }

    @Override
    public String toString() {
      return Wave.f32(value);
    }
  }

  record F64(double value) implements Val {
    @Override
    public boolean equals(Object o) {
      return o instanceof F64 f && Double.doubleToRawLongBits(f.value) == Double.doubleToRawLongBits(value);
    }

    @Override
    public int hashCode() {
      return Long.hashCode(Double.doubleToRawLongBits(value));
    }

    @Override
    public String toString() {
      return Wave.f64(value);
    }
  }

  /** A Unicode scalar value (never a surrogate). */
  record Char(int codePoint) implements Val {
    @Override
    public String toString() {
      return Wave.charLiteral(codePoint);
    }
  }

  record Str(String value) implements Val {
    public Str {
      Objects.requireNonNull(value);
    }

    @Override
    public String toString() {
      return Wave.stringLiteral(value);
    }
  }

  record ListOf(List<Val> elements) implements Val {
    public ListOf {
      elements = List.copyOf(elements);
    }

    @Override
    public String toString() {
      return Wave.join("[", elements, "]");
    }
  }

  record Field(String name, Val value) {
    @Override
    public String toString() {
      return name + ": " + value;
    }
  }

  record RecordOf(List<Field> fields) implements Val {
    public RecordOf {
      fields = List.copyOf(fields);
    }

    @Override
    public String toString() {
      return fields.isEmpty() ? "{}" : Wave.join("{", fields, "}");
    }
  }

  record TupleOf(List<Val> elements) implements Val {
    public TupleOf {
      elements = List.copyOf(elements);
    }

    @Override
    public String toString() {
      return Wave.join("(", elements, ")");
    }
  }

  /** A variant case; {@code payload} is null for a case without one. */
  record VariantOf(String caseName, Val payload) implements Val {
    @Override
    public String toString() {
      return Wave.label(caseName) + (payload == null ? "" : "(" + payload + ")");
    }
  }

  record EnumOf(String caseName) implements Val {
    @Override
    public String toString() {
      return Wave.label(caseName);
    }
  }

  /** {@code none} when {@code value} is null. */
  record OptionOf(Val value) implements Val {
    public static final OptionOf NONE = new OptionOf(null);

    public boolean isSome() {
      return value != null;
    }

    @Override
    public String toString() {
      return value == null ? "none" : "some(" + value + ")";
    }
  }

  /** {@code ok(payload)} or {@code err(payload)}; {@code payload} null when the side has no type. */
  record ResultOf(boolean isOk, Val payload) implements Val {
    @Override
    public String toString() {
      return (isOk ? "ok" : "err") + (payload == null ? "" : "(" + payload + ")");
    }
  }

  /** The set flags, in any order (compared as a set). */
  record FlagsOf(List<String> names) implements Val {
    public FlagsOf {
      names = List.copyOf(names);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof FlagsOf f && new java.util.HashSet<>(names).equals(new java.util.HashSet<>(f.names));
    }

    @Override
    public int hashCode() {
      return new java.util.HashSet<>(names).hashCode();
    }

    @Override
    public String toString() {
      return "{" + String.join(", ", names.stream().map(Wave::label).toList()) + "}";
    }
  }

  /** An owned resource handle. */
  record Own(ResourceHandle handle) implements Val {
    @Override
    public String toString() {
      return "own<" + handle + ">";
    }
  }

  /** A borrowed resource handle. */
  record Borrow(ResourceHandle handle) implements Val {
    @Override
    public String toString() {
      return "borrow<" + handle + ">";
    }
  }
}

package dev.trellis.engine.binary;

import java.util.List;

/** A core {@code comptype}: function, struct or array (the latter two from Wasm GC). */
public sealed interface CoreCompType {

  /** {@code 0x60 vec(valtype) vec(valtype)}. */
  record Func(List<CoreValType> params, List<CoreValType> results) implements CoreCompType {
    public Func {
      params = List.copyOf(params);
      results = List.copyOf(results);
    }
  }

  /** {@code 0x5f vec(fieldtype)}. */
  record Struct(List<FieldType> fields) implements CoreCompType {
    public Struct {
      fields = List.copyOf(fields);
    }
  }

  /** {@code 0x5e fieldtype}. */
  record Array(FieldType element) implements CoreCompType {}

  /**
   * {@code fieldtype ::= st:<storagetype> m:<mut>}; {@code packed} is 0x78 (i8) or 0x77 (i16)
   * when the storage type is packed, else 0 and {@code type} holds the value type.
   */
  record FieldType(CoreValType type, int packed, boolean mutable) {}
}

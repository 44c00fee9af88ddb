package dev.trellis.engine.binary;

/** {@code externtype} (Binary.md#type-definitions): what an import or export declares. */
public sealed interface ExternDesc {

  /** The sort of what this declares (the index space an import of it adds to). */
  default Sort sort() {
    return switch (this) {
      case CoreModule m -> Sort.CORE_MODULE;
      case Func f -> Sort.FUNC;
      case Value v -> Sort.VALUE;
      case Type t -> Sort.TYPE;
      case Component c -> Sort.COMPONENT;
      case Instance i -> Sort.INSTANCE;
    };
  }

  /** {@code 0x00 0x11 i}: {@code (core module (type i))}, {@code i} a core type index. */
  record CoreModule(int coreType) implements ExternDesc {}

  /** {@code 0x01 i}: {@code (func (type i))}. */
  record Func(int type) implements ExternDesc {}

  /** {@code 0x02 b}: {@code (value b)} 🪙. */
  record Value(ValueBound bound) implements ExternDesc {}

  /** {@code 0x03 b}: {@code (type b)}. */
  record Type(TypeBound bound) implements ExternDesc {}

  /** {@code 0x04 i}: {@code (component (type i))}. */
  record Component(int type) implements ExternDesc {}

  /** {@code 0x05 i}: {@code (instance (type i))}. */
  record Instance(int type) implements ExternDesc {}

  /** {@code typebound}. */
  sealed interface TypeBound {}

  /** {@code 0x00 i}: {@code (eq i)}. */
  record Eq(int type) implements TypeBound {}

  /** {@code 0x01}: {@code (sub resource)}. */
  record SubResource() implements TypeBound {}

  /** {@code valuebound} 🪙. */
  sealed interface ValueBound {}

  /** {@code 0x00 i}: {@code (eq i)}, {@code i} a value index. */
  record ValueEq(int value) implements ValueBound {}

  /** {@code 0x01 t}: a value of type {@code t}. */
  record ValueOf(ValTypeRef type) implements ValueBound {}
}

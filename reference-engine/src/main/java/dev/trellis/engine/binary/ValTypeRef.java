package dev.trellis.engine.binary;

/**
 * {@code valtype ::= i:<typeidx> | pvt:<primvaltype>}: a value type as written, either a
 * primitive or an index into the type index space (resolved by validation).
 */
public sealed interface ValTypeRef permits PrimValType, ValTypeRef.Index {

  /** A reference to a {@code defvaltype} by type index. */
  record Index(int index) implements ValTypeRef {}
}

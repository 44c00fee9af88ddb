package dev.trellis.engine.types;

import java.util.List;

/** {@code (tuple t+)}. */
public record TupleType(List<ValType> types) implements ValType {
  public TupleType {
    types = List.copyOf(types);
  }
}

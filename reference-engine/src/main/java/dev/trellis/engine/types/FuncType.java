package dev.trellis.engine.types;

import java.util.List;

/** {@code (func async? (param "l" t)* (result t)?)}; {@code result} null when there is none. */
public record FuncType(boolean async, List<Param> params, ValType result) implements Type {
  public FuncType {
    params = List.copyOf(params);
  }

  public FuncType(List<Param> params, ValType result) {
    this(false, params, result);
  }

  public record Param(String name, ValType type) {}

  /** The result types as a list of zero or one, as the Canonical ABI iterates them. */
  public List<ValType> results() {
    return result == null ? List.of() : List.of(result);
  }
}

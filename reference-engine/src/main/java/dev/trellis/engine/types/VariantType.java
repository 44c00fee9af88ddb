package dev.trellis.engine.types;

import java.util.List;

/** {@code (variant (case "l" t?)+)}; a case's {@code type} is null when it has no payload. */
public record VariantType(List<Case> cases) implements ValType {
  public VariantType {
    cases = List.copyOf(cases);
  }

  public record Case(String label, ValType type) {}
}

package dev.trellis.engine.types;

import java.util.List;

/** {@code (enum "l"+)}. */
public record EnumType(List<String> labels) implements ValType {
  public EnumType {
    labels = List.copyOf(labels);
  }
}

package dev.trellis.engine.types;

import java.util.List;

/** {@code (flags "l"+)}. */
public record FlagsType(List<String> labels) implements ValType {
  public FlagsType {
    labels = List.copyOf(labels);
  }
}

package dev.trellis.engine.types;

import java.util.List;

/** {@code (record (field "l" t)+)}. */
public record RecordType(List<Field> fields) implements ValType {
  public RecordType {
    fields = List.copyOf(fields);
  }

  public record Field(String label, ValType type) {}
}

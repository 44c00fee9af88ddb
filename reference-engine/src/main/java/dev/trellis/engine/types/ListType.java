package dev.trellis.engine.types;

/** {@code (list t)}, or {@code (list t len)} 🔧 when {@code fixedLength >= 0}. */
public record ListType(ValType element, long fixedLength) implements ValType {
  public ListType(ValType element) {
    this(element, -1);
  }

  public boolean isFixed() {
    return fixedLength >= 0;
  }
}

package dev.trellis.engine.types;

/** The primitive value types, including {@code error-context} 📝. */
public enum PrimType implements ValType {
  BOOL("bool"), S8("s8"), U8("u8"), S16("s16"), U16("u16"), S32("s32"), U32("u32"),
  S64("s64"), U64("u64"), F32("f32"), F64("f64"), CHAR("char"), STRING("string"),
  ERROR_CONTEXT("error-context");

  private final String text;

  PrimType(String text) {
    this.text = text;
  }

  /** The WIT / text-format spelling. */
  public String text() {
    return text;
  }

  @Override
  public String toString() {
    return text;
  }
}

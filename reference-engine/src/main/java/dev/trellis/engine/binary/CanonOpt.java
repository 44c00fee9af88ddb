package dev.trellis.engine.binary;

/** {@code canonopt} (Binary.md#canonical-definitions). */
public sealed interface CanonOpt {

  /** {@code 0x00 | 0x01 | 0x02}: {@code string-encoding=utf8|utf16|latin1+utf16}. */
  enum StringEncoding implements CanonOpt {
    UTF8(0x00, "utf8"), UTF16(0x01, "utf16"), LATIN1_UTF16(0x02, "latin1+utf16");

    private final int code;
    private final String text;

    StringEncoding(int code, String text) {
      this.code = code;
      this.text = text;
    }

    public int code() {
      return code;
    }

    public String text() {
      return text;
    }
  }

  /** {@code 0x03 m}: {@code (memory m)}. */
  record Memory(int index) implements CanonOpt {}

  /** {@code 0x04 f}: {@code (realloc f)}. */
  record Realloc(int index) implements CanonOpt {}

  /** {@code 0x05 f}: {@code (post-return f)}. */
  record PostReturn(int index) implements CanonOpt {}

  /** {@code 0x06}: {@code async} 🔀. */
  record Async() implements CanonOpt {}

  /** {@code 0x07 f}: {@code (callback f)} 🔀. */
  record Callback(int index) implements CanonOpt {}

  /** {@code 0x08 t}: {@code (core-type t)} (GC ABI, cm-gc). */
  record CoreType(int index) implements CanonOpt {}

  /** {@code 0x09}: {@code gc} (GC ABI, cm-gc). */
  record Gc() implements CanonOpt {}
}

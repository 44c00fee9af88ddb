package dev.trellis.engine.binary;

/**
 * What a {@code .wasm} file holds, from its 8-byte preamble: Binary.md's {@code layer} field
 * (bytes 6–7) is 1 for a component and 0 for a core module (whose {@code version} 1 is read
 * as version 1, layer 0).
 */
public final class Wasm {
  private Wasm() {}

  /** The kinds of binary a preamble announces. */
  public enum Kind { COMPONENT, CORE_MODULE, UNKNOWN }

  /** The kind announced by the first 8 bytes; {@link Kind#UNKNOWN} for anything else. */
  public static Kind kind(byte[] bytes) {
    if (bytes == null || bytes.length < 8
        || bytes[0] != 0x00 || bytes[1] != 0x61 || bytes[2] != 0x73 || bytes[3] != 0x6d) {
      return Kind.UNKNOWN;
    }
    if (bytes[6] == 0x01 && bytes[7] == 0x00) {
      return Kind.COMPONENT;
    }
    if (bytes[4] == 0x01 && bytes[5] == 0x00 && bytes[6] == 0x00 && bytes[7] == 0x00) {
      return Kind.CORE_MODULE;
    }
    return Kind.UNKNOWN;
  }

  /** True if the preamble has the component layer (the version is the decoder's to check). */
  public static boolean isComponent(byte[] bytes) {
    return kind(bytes) == Kind.COMPONENT;
  }

  /** True if the preamble is that of a core module (magic, version 1, layer 0). */
  public static boolean isCoreModule(byte[] bytes) {
    return kind(bytes) == Kind.CORE_MODULE;
  }
}

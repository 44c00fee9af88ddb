package dev.trellis.engine.binary;

/**
 * The definition sorts of Binary.md#instance-definitions: {@code core:sort} and {@code sort}.
 * Each sort has its own index space in every component (Explainer.md#index-spaces).
 */
public enum Sort {
  CORE_FUNC(true, 0x00, "core func"),
  CORE_TABLE(true, 0x01, "core table"),
  CORE_MEMORY(true, 0x02, "core memory"),
  CORE_GLOBAL(true, 0x03, "core global"),
  CORE_TAG(true, 0x04, "core tag"),
  CORE_TYPE(true, 0x10, "core type"),
  CORE_MODULE(true, 0x11, "core module"),
  CORE_INSTANCE(true, 0x12, "core instance"),
  FUNC(false, 0x01, "func"),
  VALUE(false, 0x02, "value"),
  TYPE(false, 0x03, "type"),
  COMPONENT(false, 0x04, "component"),
  INSTANCE(false, 0x05, "instance");

  private final boolean core;
  private final int code;
  private final String text;

  Sort(boolean core, int code, String text) {
    this.core = core;
    this.code = code;
    this.text = text;
  }

  /** True for the {@code core:sort}s. */
  public boolean isCore() {
    return core;
  }

  /**
   * The opcode: for core sorts the {@code core:sort} byte (encoded after a 0x00 prefix in a
   * component {@code sort}); for component sorts the {@code sort} byte.
   */
  public int code() {
    return code;
  }

  /** The text-format spelling, e.g. {@code core func}. */
  public String text() {
    return text;
  }

  public static Sort core(int code) {
    for (Sort s : values()) {
      if (s.core && s.code == code) {
        return s;
      }
    }
    return null;
  }

  public static Sort component(int code) {
    for (Sort s : values()) {
      if (!s.core && s.code == code) {
        return s;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return text;
  }
}

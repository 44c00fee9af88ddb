package dev.trellis.engine.binary;

import java.util.List;

/**
 * A component: its preamble is implied ({@code 00 61 73 6d 0d 00 01 00}); its body is the
 * sequence of sections exactly as they appear in the binary (Binary.md#component-definitions).
 */
public record Component(List<Section> sections) {
  public Component {
    sections = List.copyOf(sections);
  }

  /** Component binary version ({@code 0x0d}, pre-standard). */
  public static final int VERSION = 0x0d;
  /** The {@code layer} field distinguishing components (1) from core modules (0). */
  public static final int LAYER = 0x01;
}

package dev.trellis.engine.testing;

import dev.trellis.engine.text.ComponentWat;

/** Test helper: component or core module text to binary, through the engine's own text front end. */
public final class Wat {
  private Wat() {}

  public static byte[] parse(String wat) {
    return ComponentWat.assemble(wat, "test.wat", ComponentWat.Options.DEFAULT);
  }
}

package dev.trellis.engine.testing;

import dev.trellis.engine.text.ComponentWat;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Test helper: component or core module text to binary, through the engine's own text front end. */
public final class Wat {
  private Wat() {}

  public static Path repoRoot() {
    String r = System.getProperty("trellis.root");
    return r == null ? Paths.get("..").toAbsolutePath().normalize() : Paths.get(r);
  }

  public static byte[] parse(String wat) {
    return ComponentWat.assemble(wat, "test.wat", ComponentWat.Options.DEFAULT);
  }
}

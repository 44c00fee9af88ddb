package dev.trellis.engine.core;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code (core instance (export "n" (func …))*)}: a core instance built from existing definitions. */
public final class SyntheticCoreInstance implements CoreExports {
  private final Map<String, CoreExtern> exports;

  public SyntheticCoreInstance(Map<String, CoreExtern> exports) {
    this.exports = new LinkedHashMap<>(exports);
  }

  @Override
  public CoreExtern export(String name) {
    return exports.get(name);
  }
}

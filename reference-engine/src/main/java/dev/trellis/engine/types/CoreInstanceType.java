package dev.trellis.engine.types;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The type of a core module instance: its exports by name, in order (Explainer.md#instance-definitions). */
public record CoreInstanceType(Map<String, CoreModuleType.CoreExtern> exports) {
  public CoreInstanceType {
    exports = Collections.unmodifiableMap(new LinkedHashMap<>(exports));
  }
}

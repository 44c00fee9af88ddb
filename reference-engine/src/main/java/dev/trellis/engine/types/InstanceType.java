package dev.trellis.engine.types;

import java.util.LinkedHashMap;
import java.util.Map;

/** An instance type: named exports, in declaration order. */
public record InstanceType(Map<String, ExternType> exports) implements Type {
  public InstanceType {
    exports = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(exports));
  }
}

package dev.trellis.engine.types;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A component type: named imports and exports, in declaration order. Resource types that
 * appear in {@code imports} are the type's parameters; those introduced by exports are
 * existentially fresh per instantiation.
 */
public record ComponentType(Map<String, ExternType> imports, Map<String, ExternType> exports) implements Type {
  public ComponentType {
    imports = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(imports));
    exports = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(exports));
  }
}

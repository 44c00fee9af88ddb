package dev.trellis.engine.types;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An instance type: named exports, in declaration order. {@code definedResources} are the
 * abstract resource types this type introduces itself (its {@code (sub resource)} type
 * exports, transitively): each import of an instance of this type gets fresh ones
 * (Explainer.md#type-checking). For the type of a concrete instance the list only records
 * which resources were created with it.
 */
public record InstanceType(Map<String, ExternType> exports, List<ResourceType> definedResources) implements Type {
  public InstanceType {
    exports = Collections.unmodifiableMap(new LinkedHashMap<>(exports));
    definedResources = List.copyOf(definedResources);
  }

  /** An instance type introducing no abstract resources. */
  public InstanceType(Map<String, ExternType> exports) {
    this(exports, List.of());
  }
}

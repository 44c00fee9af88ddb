package dev.trellis.engine.types;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A component type: named imports and exports, in declaration order.
 *
 * <p>{@code importedResources} are the abstract resource types introduced by the imports
 * (a {@code (sub resource)} import, or the resources of an imported instance type): the type's
 * parameters, replaced by the actual resources when the component is instantiated.
 * {@code definedResources} are the resource types that appear in the exports but not in the
 * imports: existential, fresh for every instantiation (Explainer.md#type-checking). Resource
 * types appearing in neither list are free: they belong to an enclosing scope.
 */
public record ComponentType(
    Map<String, ExternType> imports,
    Map<String, ExternType> exports,
    List<ResourceType> importedResources,
    List<ResourceType> definedResources)
    implements Type {
  public ComponentType {
    imports = Collections.unmodifiableMap(new LinkedHashMap<>(imports));
    exports = Collections.unmodifiableMap(new LinkedHashMap<>(exports));
    importedResources = List.copyOf(importedResources);
    definedResources = List.copyOf(definedResources);
  }

  /** A component type without resource parameters or existentials. */
  public ComponentType(Map<String, ExternType> imports, Map<String, ExternType> exports) {
    this(imports, exports, List.of(), List.of());
  }
}

package dev.trellis.engine.validate;

import dev.trellis.engine.binary.CanonDef;
import dev.trellis.engine.binary.Component;
import dev.trellis.engine.binary.CoreCompType;
import dev.trellis.engine.binary.CoreExternType;
import dev.trellis.engine.binary.Section;
import dev.trellis.engine.types.ComponentType;
import dev.trellis.engine.types.CoreInstanceType;
import dev.trellis.engine.types.CoreModuleType;
import dev.trellis.engine.types.CoreType;
import dev.trellis.engine.types.FuncType;
import dev.trellis.engine.types.InstanceType;
import dev.trellis.engine.types.ResourceType;
import dev.trellis.engine.types.Type;
import dev.trellis.engine.types.ValType;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A validated component: the result of {@link Validator#validate}, and what the runtime
 * instantiates from. It pairs the AST ({@link #component()}) with everything validation
 * resolved about it:
 *
 * <ul>
 *   <li>the component's own {@link #type() ComponentType} (its imports and exports);
 *   <li>each of the 13 index spaces (Explainer.md#index-spaces), in index order, holding the
 *       resolved type of every index: {@link #funcs()}, {@link #coreFuncs()}, {@link #types()},
 *       {@link #instances()}, {@link #components()}, {@link #coreModules()}, ...;
 *   <li>{@link #nested(int)}: the {@code ComponentInfo} of every component this component
 *       defines (or outer-aliases from an enclosing definition);
 *   <li>{@link #canon(CanonDef)}: the resolved options and types of every canonical
 *       definition; {@link #resources()}: the resource types it defines.
 * </ul>
 *
 * Indices in the AST are indices into these lists. Walking {@link #component()}'s sections in
 * order and appending to each index space as validation did yields the same lists; the runtime
 * may rely on that. All lists are immutable.
 */
public final class ComponentInfo {
  private final Component component;
  private final ComponentType type;
  private final Features features;
  private final List<CoreCompType.Func> coreFuncs;
  private final List<CoreExternType.Table> coreTables;
  private final List<CoreExternType.Memory> coreMemories;
  private final List<CoreExternType.Global> coreGlobals;
  private final List<CoreCompType.Func> coreTags;
  private final List<CoreType> coreTypes;
  private final List<CoreModuleType> coreModules;
  private final List<CoreInstanceType> coreInstances;
  private final List<FuncType> funcs;
  private final List<ValType> values;
  private final List<Type> types;
  private final List<ComponentType> components;
  private final List<ComponentInfo> componentInfos;
  private final List<InstanceType> instances;
  private final List<ResourceInfo> resources;
  private final List<CanonInfo> canons;
  private final Map<CanonDef, CanonInfo> canonByDef;
  private final Map<Section.NestedComponent, ComponentInfo> nestedBySection;

  ComponentInfo(
      Component component,
      ComponentType type,
      Features features,
      List<CoreCompType.Func> coreFuncs,
      List<CoreExternType.Table> coreTables,
      List<CoreExternType.Memory> coreMemories,
      List<CoreExternType.Global> coreGlobals,
      List<CoreCompType.Func> coreTags,
      List<CoreType> coreTypes,
      List<CoreModuleType> coreModules,
      List<CoreInstanceType> coreInstances,
      List<FuncType> funcs,
      List<ValType> values,
      List<Type> types,
      List<ComponentType> components,
      List<ComponentInfo> componentInfos,
      List<InstanceType> instances,
      List<ResourceInfo> resources,
      List<CanonInfo> canons,
      Map<Section.NestedComponent, ComponentInfo> nestedBySection) {
    this.component = component;
    this.type = type;
    this.features = features;
    this.coreFuncs = List.copyOf(coreFuncs);
    this.coreTables = List.copyOf(coreTables);
    this.coreMemories = List.copyOf(coreMemories);
    this.coreGlobals = List.copyOf(coreGlobals);
    this.coreTags = List.copyOf(coreTags);
    this.coreTypes = List.copyOf(coreTypes);
    this.coreModules = List.copyOf(coreModules);
    this.coreInstances = List.copyOf(coreInstances);
    this.funcs = List.copyOf(funcs);
    this.values = List.copyOf(values);
    this.types = List.copyOf(types);
    this.components = List.copyOf(components);
    // may hold nulls (components that are imported or aliased from an instance)
    this.componentInfos = Collections.unmodifiableList(new java.util.ArrayList<>(componentInfos));
    this.instances = List.copyOf(instances);
    this.resources = List.copyOf(resources);
    this.canons = List.copyOf(canons);
    Map<CanonDef, CanonInfo> byDef = new IdentityHashMap<>();
    for (CanonInfo c : canons) {
      byDef.put(c.def(), c);
    }
    this.canonByDef = Collections.unmodifiableMap(byDef);
    this.nestedBySection = Collections.unmodifiableMap(new IdentityHashMap<>(nestedBySection));
  }

  /** The validated AST. */
  public Component component() {
    return component;
  }

  /** This component's type: its imports and exports, resources resolved. */
  public ComponentType type() {
    return type;
  }

  /** The feature profile it was validated under. */
  public Features features() {
    return features;
  }

  /** The core function index space: each core function's type. */
  public List<CoreCompType.Func> coreFuncs() {
    return coreFuncs;
  }

  /** The core table index space. */
  public List<CoreExternType.Table> coreTables() {
    return coreTables;
  }

  /** The core memory index space. */
  public List<CoreExternType.Memory> coreMemories() {
    return coreMemories;
  }

  /** The core global index space. */
  public List<CoreExternType.Global> coreGlobals() {
    return coreGlobals;
  }

  /** The core tag index space: each tag's function type. */
  public List<CoreCompType.Func> coreTags() {
    return coreTags;
  }

  /** The core type index space. */
  public List<CoreType> coreTypes() {
    return coreTypes;
  }

  /** The core module index space: each module's imports and exports. */
  public List<CoreModuleType> coreModules() {
    return coreModules;
  }

  /** The core instance index space: each core instance's exports. */
  public List<CoreInstanceType> coreInstances() {
    return coreInstances;
  }

  /** The (component) function index space. */
  public List<FuncType> funcs() {
    return funcs;
  }

  /** The value index space 🪙. */
  public List<ValType> values() {
    return values;
  }

  /** The type index space: value, function, component, instance and resource types. */
  public List<Type> types() {
    return types;
  }

  /** The component index space: each component's type. */
  public List<ComponentType> components() {
    return components;
  }

  /**
   * The validated definition of component {@code componentIndex} when this component defines
   * it (a nested {@code component} section) or outer-aliases such a definition; null for an
   * imported component or one aliased from an instance export.
   */
  public ComponentInfo nested(int componentIndex) {
    return componentInfos.get(componentIndex);
  }

  /** The validated definition of a nested component section of this component. */
  public ComponentInfo nested(Section.NestedComponent section) {
    return nestedBySection.get(section);
  }

  /** The (component) instance index space: each instance's type. */
  public List<InstanceType> instances() {
    return instances;
  }

  /** The resource types this component defines, in definition order. */
  public List<ResourceInfo> resources() {
    return resources;
  }

  /** The {@link ResourceInfo} of a resource type this component defines, or null. */
  public ResourceInfo resource(ResourceType type) {
    for (ResourceInfo r : resources) {
      if (r.type().equals(type)) {
        return r;
      }
    }
    return null;
  }

  /** Every canonical definition, in order. */
  public List<CanonInfo> canons() {
    return canons;
  }

  /** The resolved canonical definition {@code def} (by identity), or null if it is not one of this component's. */
  public CanonInfo canon(CanonDef def) {
    return canonByDef.get(def);
  }

  @Override
  public String toString() {
    return "ComponentInfo[" + type + "]";
  }
}

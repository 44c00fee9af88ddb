package dev.trellis.engine.link;

import dev.trellis.engine.abi.ComponentInstance;
import dev.trellis.engine.abi.RuntimeResourceType;
import dev.trellis.engine.binary.Sort;
import dev.trellis.engine.core.CoreExports;
import dev.trellis.engine.core.CoreExtern;
import dev.trellis.engine.core.CoreModule;
import dev.trellis.engine.error.LinkException;
import dev.trellis.engine.types.ExternType;
import dev.trellis.engine.types.InstanceType;
import dev.trellis.engine.types.ResourceType;
import dev.trellis.engine.types.Type;
import dev.trellis.engine.validate.ComponentInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The index spaces of one component instance being built (Explainer.md#index-spaces), holding
 * run-time values: {@link CoreExtern}s, {@link CoreModule}s, {@link CoreExports},
 * {@link FuncInst}s, {@link ComponentDef}s, {@link InstanceDef}s, and for types either the
 * static {@link Type} or, for resource types, the {@link RuntimeResourceType} of this
 * instantiation. Every value added to the type or instance space binds the static resource
 * types validation recorded at that index to their run-time types in {@link #inst}.
 */
final class Env {
  final Component component;
  final ComponentInfo info;
  final Env outer;
  final ComponentInstance inst;
  final List<CoreExtern> coreFuncs = new ArrayList<>();
  final List<CoreExtern> coreTables = new ArrayList<>();
  final List<CoreExtern> coreMemories = new ArrayList<>();
  final List<CoreExtern> coreGlobals = new ArrayList<>();
  final List<CoreExtern> coreTags = new ArrayList<>();
  final List<CoreModule> coreModules = new ArrayList<>();
  final List<CoreExports> coreInstances = new ArrayList<>();
  final List<FuncInst> funcs = new ArrayList<>();
  final List<Object> values = new ArrayList<>();
  final List<Object> types = new ArrayList<>();
  final List<ComponentDef> components = new ArrayList<>();
  final List<InstanceDef> instances = new ArrayList<>();

  Env(Component component, Env outer, ComponentInstance inst) {
    this.component = component;
    this.info = component.info();
    this.outer = outer;
    this.inst = inst;
  }

  Object get(Sort sort, int index) {
    List<?> space = space(sort);
    if (space == null || index < 0 || index >= space.size()) {
      throw new LinkException("instantiation: " + sort + " index " + index + " is not defined");
    }
    return space.get(index);
  }

  private List<?> space(Sort sort) {
    return switch (sort) {
      case CORE_FUNC -> coreFuncs;
      case CORE_TABLE -> coreTables;
      case CORE_MEMORY -> coreMemories;
      case CORE_GLOBAL -> coreGlobals;
      case CORE_TAG -> coreTags;
      case CORE_MODULE -> coreModules;
      case CORE_INSTANCE -> coreInstances;
      case FUNC -> funcs;
      case VALUE -> values;
      case TYPE -> types;
      case COMPONENT -> components;
      case INSTANCE -> instances;
      case CORE_TYPE -> null;
    };
  }

  /** Appends {@code v} to {@code sort}'s index space, binding resource types for types and instances. */
  void add(Sort sort, Object v) {
    switch (sort) {
      case CORE_FUNC -> coreFuncs.add(core(v, sort));
      case CORE_TABLE -> coreTables.add(core(v, sort));
      case CORE_MEMORY -> coreMemories.add(core(v, sort));
      case CORE_GLOBAL -> coreGlobals.add(core(v, sort));
      case CORE_TAG -> coreTags.add(core(v, sort));
      case CORE_MODULE -> coreModules.add(cast(v, CoreModule.class, sort));
      case CORE_INSTANCE -> coreInstances.add(cast(v, CoreExports.class, sort));
      case FUNC -> funcs.add(cast(v, FuncInst.class, sort));
      case VALUE -> values.add(v);
      case TYPE -> {
        int idx = types.size();
        types.add(v);
        if (idx < info.types().size()) {
          bindType(inst, info.types().get(idx), v);
        }
      }
      case COMPONENT -> components.add(cast(v, ComponentDef.class, sort));
      case INSTANCE -> {
        InstanceDef d = cast(v, InstanceDef.class, sort);
        int idx = instances.size();
        instances.add(d);
        if (idx < info.instances().size()) {
          bindInstance(inst, info.instances().get(idx), d);
        }
      }
      case CORE_TYPE -> {}
    }
  }

  private static CoreExtern core(Object v, Sort sort) {
    return cast(v, CoreExtern.class, sort);
  }

  private static <X> X cast(Object v, Class<X> c, Sort sort) {
    if (!c.isInstance(v)) {
      throw new LinkException("instantiation: expected a " + sort + ", found " + (v == null ? "nothing" : v.getClass().getSimpleName()));
    }
    return c.cast(v);
  }

  /** Binds a static type to the run-time value now standing for it in {@code inst}. */
  static void bindType(ComponentInstance inst, Type staticType, Object runtime) {
    if (staticType instanceof ResourceType s && runtime instanceof RuntimeResourceType rt) {
      inst.bindResource(s, rt);
    }
  }

  /** Binds the resource types an instance type exports to the run-time types the instance exports. */
  static void bindInstance(ComponentInstance inst, InstanceType t, InstanceDef d) {
    for (Map.Entry<String, ExternType> e : t.exports().entrySet()) {
      Object v = d.exports().get(e.getKey());
      switch (e.getValue()) {
        case ExternType.TypeExtern(Type ty) -> bindType(inst, ty, v);
        case ExternType.InstanceExtern(InstanceType it) -> {
          if (v instanceof InstanceDef nested) {
            bindInstance(inst, it, nested);
          }
        }
        default -> {}
      }
    }
  }
}

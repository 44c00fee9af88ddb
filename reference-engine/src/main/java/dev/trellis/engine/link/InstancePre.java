package dev.trellis.engine.link;

import dev.trellis.engine.abi.RuntimeResourceType;
import dev.trellis.engine.error.LinkException;
import dev.trellis.engine.error.TrellisException;
import dev.trellis.engine.runtime.Instance;
import dev.trellis.engine.runtime.Store;
import dev.trellis.engine.types.BorrowType;
import dev.trellis.engine.types.EnumType;
import dev.trellis.engine.types.ExternType;
import dev.trellis.engine.types.FlagsType;
import dev.trellis.engine.types.FuncType;
import dev.trellis.engine.types.InstanceType;
import dev.trellis.engine.types.ListType;
import dev.trellis.engine.types.OptionType;
import dev.trellis.engine.types.OwnType;
import dev.trellis.engine.types.RecordType;
import dev.trellis.engine.types.ResourceType;
import dev.trellis.engine.types.ResultType;
import dev.trellis.engine.types.TupleType;
import dev.trellis.engine.types.Type;
import dev.trellis.engine.types.ValType;
import dev.trellis.engine.types.VariantType;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A component with its imports resolved against a {@link Linker} and type-checked, once;
 * {@link #instantiate} then only builds the instance. Later changes to the linker do not
 * affect an existing {@code InstancePre}.
 */
public final class InstancePre<T> {
  private final Component component;
  private final Map<String, Recipe> imports = new LinkedHashMap<>();
  private final Map<ResourceType, ResourceType> resources = new HashMap<>();

  /** How to produce one import's run-time value for a store. */
  sealed interface Recipe {}

  /** {@code name}: the import's qualified name ({@code interface#func}), for the traps the function raises. */
  record HostFuncRecipe(LinkerInstance.HostFuncDef def, String name) implements Recipe {}

  record TypedHostFuncRecipe(LinkerInstance.TypedHostFuncDef def, FuncType type) implements Recipe {}

  record ResourceRecipe(LinkerInstance.HostResourceDef def) implements Recipe {}

  record InstanceRecipe(Map<String, Recipe> exports) implements Recipe {}

  record ExistingRecipe(Object value) implements Recipe {}

  record TypeRecipe(Type type) implements Recipe {}

  InstancePre(Component component, LinkerInstance<T> root) {
    this.component = component;
    for (Map.Entry<String, ExternType> e : component.type().imports().entrySet()) {
      imports.put(e.getKey(), resolve(e.getKey(), e.getValue(), root.lookup(e.getKey()), e.getKey()));
    }
  }

  public Component component() {
    return component;
  }

  /** Instantiates the component into {@code store}. */
  public Instance instantiate(Store<T> store) {
    Map<String, Object> args = LinkedHashMap.newLinkedHashMap(imports.size());
    for (Map.Entry<String, Recipe> e : imports.entrySet()) {
      args.put(e.getKey(), build(e.getValue(), store));
    }
    try {
      InstanceDef def = Instantiator.instantiate(component, null, args, null, store);
      return new InstanceImpl(def, store, component.type().exports(), component.type());
    } catch (TrellisException e) {
      throw e;
    } catch (ClassCastException | IndexOutOfBoundsException | IllegalStateException e) {
      throw new LinkException("instantiation failed: " + e.getMessage(), e);
    }
  }

  private Object build(Recipe r, Store<T> store) {
    return switch (r) {
      case HostFuncRecipe h -> new HostFuncInst(store, h.def().body(), h.def().type(), h.name());
      case TypedHostFuncRecipe t -> new TypedHostFuncInst(store, t.def(), t.type());
      case ResourceRecipe rr -> hostResource(rr.def(), store);
      case InstanceRecipe ir -> {
        Map<String, Object> ex = LinkedHashMap.newLinkedHashMap(ir.exports().size());
        for (Map.Entry<String, Recipe> e : ir.exports().entrySet()) {
          ex.put(e.getKey(), build(e.getValue(), store));
        }
        yield new InstanceDef(ex, null);
      }
      case ExistingRecipe ex -> ex.value();
      case TypeRecipe t -> t.type();
    };
  }

  /**
   * One run-time type per host resource type and store, so handles move freely between instances,
   * and a type the host defines under several names (a WASI resource in the interface that defines
   * it and, as an {@code eq}-bound type export, in every interface that {@code use}s it) is bound
   * to the same run-time type wherever a guest meets it. The first definition's destructor is used.
   */
  @SuppressWarnings("unchecked")
  private static <T> RuntimeResourceType hostResource(LinkerInstance.HostResourceDef def, Store<T> store) {
    return store.engineState(def.type().canonical(), k -> {
      LinkerInstance.ResourceDtor<T> dtor = (LinkerInstance.ResourceDtor<T>) def.dtor();
      return new RuntimeResourceType(def.type(), null, dtor == null ? null : (caller, rep) -> dtor.drop(store, rep));
    });
  }

  private Recipe resolve(String name, ExternType expected, Object def, String where) {
    if (def == null) {
      if (expected instanceof ExternType.TypeExtern(Type t) && !(t instanceof ResourceType)) {
        return new TypeRecipe(t);
      }
      throw new LinkException("component imports " + Subject.of(expected) + " `" + where
          + "`, but a matching implementation was not found in the linker");
    }
    return switch (expected) {
      case ExternType.FuncExtern(FuncType ft) -> switch (def) {
        case LinkerInstance.HostFuncDef h -> {
          if (h.type() != null && !funcMatches(ft, h.type())) {
            throw new LinkException("type mismatch for import `" + where + "`: expected " + ft + ", the host defines "
                + h.type());
          }
          yield new HostFuncRecipe(h, where);
        }
        case LinkerInstance.TypedHostFuncDef t -> {
          java.util.List<ValType> ps = ft.params().stream().map(FuncType.Param::type).toList();
          java.util.List<ValType> given = t.params() instanceof dev.trellis.engine.runtime.Lift.Params<?> p
              ? p.types() : java.util.List.of(t.params().type());
          ValType r = t.result() == null ? null : t.result().type();
          if (!ps.equals(given) || !java.util.Objects.equals(ft.result(), r)) {
            throw new LinkException("type mismatch for import `" + where + "`: expected " + ft
                + ", the typed host function takes " + given + " and returns " + r);
          }
          yield new TypedHostFuncRecipe(t, ft);
        }
        case FuncInst f -> new ExistingRecipe(f);
        default -> throw mismatch(where, expected, def);
      };
      case ExternType.TypeExtern(Type t) -> {
        if (t instanceof ResourceType s) {
          if (!(def instanceof LinkerInstance.HostResourceDef r)) {
            if (def instanceof RuntimeResourceType rt) {
              resources.put(s.canonical(), rt.type());
              yield new ExistingRecipe(rt);
            }
            throw mismatch(where, expected, def);
          }
          resources.put(s.canonical(), r.type());
          yield new ResourceRecipe(r);
        }
        yield new TypeRecipe(t);
      }
      case ExternType.InstanceExtern(InstanceType it) -> switch (def) {
        case LinkerInstance<?> li -> {
          Map<String, Recipe> ex = new LinkedHashMap<>();
          for (Map.Entry<String, ExternType> e : it.exports().entrySet()) {
            ex.put(e.getKey(), resolve(e.getKey(), e.getValue(), li.lookup(e.getKey()), where + "#" + e.getKey()));
          }
          yield new InstanceRecipe(ex);
        }
        case InstanceDef d -> {
          for (Map.Entry<String, ExternType> e : it.exports().entrySet()) {
            Object v = d.exports().get(e.getKey());
            if (v == null) {
              throw new LinkException("instance `" + where + "` has no export named `" + e.getKey() + "`");
            }
            if (e.getValue() instanceof ExternType.TypeExtern(ResourceType s) && v instanceof RuntimeResourceType rt) {
              resources.put(s.canonical(), rt.type());
            }
          }
          yield new ExistingRecipe(d);
        }
        default -> throw mismatch(where, expected, def);
      };
      default -> throw new LinkException("importing " + Subject.of(expected) + " `" + where + "` from the host is not supported");
    };
  }

  private static LinkException mismatch(String where, ExternType expected, Object def) {
    return new LinkException("type mismatch for import `" + where + "`: expected " + Subject.of(expected) + ", found "
        + Subject.ofDef(def));
  }

  private boolean funcMatches(FuncType a, FuncType b) {
    if (a.params().size() != b.params().size() || (a.result() == null) != (b.result() == null)) {
      return false;
    }
    for (int i = 0; i < a.params().size(); i++) {
      if (!a.params().get(i).name().equals(b.params().get(i).name())
          || !valMatches(a.params().get(i).type(), b.params().get(i).type())) {
        return false;
      }
    }
    return a.result() == null || valMatches(a.result(), b.result());
  }

  /** Structural equality, a guest's resource types standing for the host types they were bound to. */
  private boolean valMatches(ValType a, ValType b) {
    if (a == null || b == null) {
      return a == b;
    }
    return switch (a) {
      case OwnType(ResourceType r) -> b instanceof OwnType(ResourceType s) && resourceMatches(r, s);
      case BorrowType(ResourceType r) -> b instanceof BorrowType(ResourceType s) && resourceMatches(r, s);
      case ListType l -> b instanceof ListType m && l.fixedLength() == m.fixedLength() && valMatches(l.element(), m.element());
      case OptionType o -> b instanceof OptionType p && valMatches(o.type(), p.type());
      case ResultType r -> b instanceof ResultType s && valMatches(r.ok(), s.ok()) && valMatches(r.error(), s.error());
      case TupleType t -> {
        if (!(b instanceof TupleType u) || t.types().size() != u.types().size()) {
          yield false;
        }
        for (int i = 0; i < t.types().size(); i++) {
          if (!valMatches(t.types().get(i), u.types().get(i))) {
            yield false;
          }
        }
        yield true;
      }
      case RecordType r -> {
        if (!(b instanceof RecordType s) || r.fields().size() != s.fields().size()) {
          yield false;
        }
        for (int i = 0; i < r.fields().size(); i++) {
          if (!r.fields().get(i).label().equals(s.fields().get(i).label())
              || !valMatches(r.fields().get(i).type(), s.fields().get(i).type())) {
            yield false;
          }
        }
        yield true;
      }
      case VariantType v -> {
        if (!(b instanceof VariantType w) || v.cases().size() != w.cases().size()) {
          yield false;
        }
        for (int i = 0; i < v.cases().size(); i++) {
          if (!v.cases().get(i).label().equals(w.cases().get(i).label())
              || !valMatches(v.cases().get(i).type(), w.cases().get(i).type())) {
            yield false;
          }
        }
        yield true;
      }
      case EnumType e -> b instanceof EnumType f && e.labels().equals(f.labels());
      case FlagsType f -> b instanceof FlagsType g && f.labels().equals(g.labels());
      default -> Objects.equals(a, b);
    };
  }

  private boolean resourceMatches(ResourceType guest, ResourceType host) {
    ResourceType bound = resources.get(guest.canonical());
    return bound != null ? bound.equals(host) : guest.equals(host);
  }

  /** How messages name what an import or definition is. */
  static final class Subject {
    static String of(ExternType t) {
      return switch (t) {
        case ExternType.FuncExtern f -> "function";
        case ExternType.InstanceExtern i -> "instance";
        case ExternType.TypeExtern ty -> ty.type() instanceof ResourceType ? "resource" : "type";
        case ExternType.ComponentExtern c -> "component";
        case ExternType.CoreModuleExtern m -> "module";
        case ExternType.ValueExtern v -> "value";
      };
    }

    static String ofDef(Object d) {
      return switch (d) {
        case LinkerInstance.HostFuncDef h -> "a host function";
        case LinkerInstance.TypedHostFuncDef h -> "a host function";
        case LinkerInstance.HostResourceDef r -> "a host resource type";
        case LinkerInstance<?> li -> "an instance";
        case InstanceDef i -> "an instance";
        case FuncInst f -> "a function";
        default -> d.getClass().getSimpleName();
      };
    }
  }
}

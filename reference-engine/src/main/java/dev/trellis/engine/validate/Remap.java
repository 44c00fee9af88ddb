package dev.trellis.engine.validate;

import dev.trellis.engine.types.BorrowType;
import dev.trellis.engine.types.ComponentType;
import dev.trellis.engine.types.EnumType;
import dev.trellis.engine.types.ExternType;
import dev.trellis.engine.types.FlagsType;
import dev.trellis.engine.types.FuncType;
import dev.trellis.engine.types.FutureType;
import dev.trellis.engine.types.InstanceType;
import dev.trellis.engine.types.ListType;
import dev.trellis.engine.types.MapType;
import dev.trellis.engine.types.OptionType;
import dev.trellis.engine.types.OwnType;
import dev.trellis.engine.types.PrimType;
import dev.trellis.engine.types.RecordType;
import dev.trellis.engine.types.ResourceType;
import dev.trellis.engine.types.ResultType;
import dev.trellis.engine.types.StreamType;
import dev.trellis.engine.types.TupleType;
import dev.trellis.engine.types.Type;
import dev.trellis.engine.types.ValType;
import dev.trellis.engine.types.VariantType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A structural rewrite of types that (a) substitutes resource types and (b) optionally gives
 * every nominal node (resource, record, variant, enum, flags) a new identity. Rewrites are
 * memoized by object identity, so that two uses of one node stay one node: this keeps the
 * "which type index did this come from" identities (used for external visibility) consistent.
 *
 * <ul>
 *   <li>{@link #substitute}: instantiation — bound resources replaced by actual ones;
 *   <li>{@link #freshen}: an import of a type with abstract resources — those replaced by new
 *       resource types;
 *   <li>{@link #rename}: an import or export naming types — each named node a new object equal
 *       to the old, so the new type index can be told apart from the one it was made from.
 * </ul>
 */
final class Remap {
  /** canonical resource → replacement; {@code dropBound}: the replacement is concrete. */
  private final Map<ResourceType, ResourceType> resources;
  private final boolean dropBound;
  /** Nodes (by identity) that get a new identity even when unchanged. */
  private final java.util.Set<Object> renameSet;
  private final IdentityHashMap<Object, Object> memo = new IdentityHashMap<>();

  private Remap(Map<ResourceType, ResourceType> resources, boolean dropBound, java.util.Set<Object> renameSet) {
    this.resources = resources;
    this.dropBound = dropBound;
    this.renameSet = renameSet;
  }

  private boolean renamed(Object o) {
    return renameSet.contains(o);
  }

  /** Replaces each resource key (by canonical identity) with its value, which is concrete. */
  static Remap substitute(Map<ResourceType, ResourceType> mapping) {
    return new Remap(mapping, true, java.util.Set.of());
  }

  /**
   * Like {@link #substitute(Map)}, and also replaces each node of {@code identities}' keys by
   * its value (the types supplied for type imports), so later uses see the supplied node.
   */
  static Remap substitute(Map<ResourceType, ResourceType> mapping, Map<Object, Object> identities) {
    Remap r = new Remap(mapping, true, java.util.Set.of());
    r.memo.putAll(identities);
    r.preseeded = !identities.isEmpty();
    return r;
  }

  private boolean preseeded;

  /** Replaces each of {@code bound} with a fresh resource type (still abstract). */
  static Remap freshen(List<ResourceType> bound) {
    Map<ResourceType, ResourceType> m = new HashMap<>();
    for (ResourceType r : bound) {
      m.putIfAbsent(r, new ResourceType(r.name()));
    }
    return new Remap(m, false, java.util.Set.of());
  }

  /**
   * A new identity (an equal copy, or a resource {@link ResourceType#alias() alias}) for each
   * node of {@code nodes}, with every reference to them updated.
   */
  static Remap rename(java.util.Set<Object> nodes) {
    return new Remap(Map.of(), false, nodes);
  }

  /** The replacement of canonical resource {@code r}, or null. */
  ResourceType target(ResourceType r) {
    return resources.get(r);
  }

  boolean isIdentity() {
    return resources.isEmpty() && renameSet.isEmpty() && !preseeded;
  }

  ExternType extern(ExternType e) {
    if (isIdentity()) {
      return e;
    }
    return switch (e) {
      case ExternType.CoreModuleExtern m -> m;
      case ExternType.FuncExtern f -> new ExternType.FuncExtern(func(f.type()));
      case ExternType.ValueExtern v -> new ExternType.ValueExtern(val(v.type()));
      case ExternType.TypeExtern t -> new ExternType.TypeExtern(type(t.type()));
      case ExternType.ComponentExtern c -> new ExternType.ComponentExtern(component(c.type()));
      case ExternType.InstanceExtern i -> new ExternType.InstanceExtern(instance(i.type()));
    };
  }

  Type type(Type t) {
    if (isIdentity()) {
      return t;
    }
    return switch (t) {
      case ValType v -> val(v);
      case FuncType f -> func(f);
      case ComponentType c -> component(c);
      case InstanceType i -> instance(i);
      case ResourceType r -> resource(r);
    };
  }

  ResourceType resource(ResourceType r) {
    Object done = memo.get(r);
    if (done != null) {
      return (ResourceType) done;
    }
    ResourceType target = resources.get(r);
    ResourceType out;
    if (target != null) {
      out = r == r.canonical() ? target : target.alias(r.name());
    } else if (renamed(r)) {
      out = r.alias();
    } else {
      out = r;
    }
    memo.put(r, out);
    return out;
  }

  FuncType func(FuncType f) {
    Object done = memo.get(f);
    if (done != null) {
      return (FuncType) done;
    }
    List<FuncType.Param> ps = new ArrayList<>(f.params().size());
    boolean changed = false;
    for (FuncType.Param p : f.params()) {
      ValType nt = val(p.type());
      changed |= nt != p.type();
      ps.add(new FuncType.Param(p.name(), nt));
    }
    ValType r = f.result() == null ? null : val(f.result());
    changed |= r != f.result();
    FuncType out = changed ? new FuncType(f.async(), ps, r) : f;
    memo.put(f, out);
    return out;
  }

  ValType val(ValType v) {
    if (v == null || v instanceof PrimType) {
      return v;
    }
    Object done = memo.get(v);
    if (done != null) {
      return (ValType) done;
    }
    ValType out = switch (v) {
      case PrimType p -> p;
      case RecordType r -> {
        List<RecordType.Field> fs = new ArrayList<>();
        boolean changed = false;
        for (RecordType.Field f : r.fields()) {
          ValType nt = val(f.type());
          changed |= nt != f.type();
          fs.add(new RecordType.Field(f.label(), nt));
        }
        yield changed || renamed(r) ? new RecordType(fs) : r;
      }
      case VariantType vt -> {
        List<VariantType.Case> cs = new ArrayList<>();
        boolean changed = false;
        for (VariantType.Case c : vt.cases()) {
          ValType nt = val(c.type());
          changed |= nt != c.type();
          cs.add(new VariantType.Case(c.label(), nt));
        }
        yield changed || renamed(vt) ? new VariantType(cs) : vt;
      }
      case EnumType e -> renamed(e) ? new EnumType(e.labels()) : e;
      case FlagsType f -> renamed(f) ? new FlagsType(f.labels()) : f;
      case ListType l -> {
        ValType e = val(l.element());
        yield e != l.element() ? new ListType(e, l.fixedLength()) : l;
      }
      case TupleType t -> {
        List<ValType> ts = new ArrayList<>();
        boolean changed = false;
        for (ValType x : t.types()) {
          ValType nx = val(x);
          changed |= nx != x;
          ts.add(nx);
        }
        yield changed ? new TupleType(ts) : t;
      }
      case OptionType o -> {
        ValType e = val(o.type());
        yield e != o.type() ? new OptionType(e) : o;
      }
      case ResultType r -> {
        ValType ok = val(r.ok());
        ValType err = val(r.error());
        yield ok != r.ok() || err != r.error() ? new ResultType(ok, err) : r;
      }
      case OwnType o -> {
        ResourceType nr = resource(o.resource());
        yield nr != o.resource() ? new OwnType(nr) : o;
      }
      case BorrowType b -> {
        ResourceType nr = resource(b.resource());
        yield nr != b.resource() ? new BorrowType(nr) : b;
      }
      case StreamType s -> {
        ValType e = val(s.element());
        yield e != s.element() ? new StreamType(e) : s;
      }
      case FutureType f -> {
        ValType e = val(f.element());
        yield e != f.element() ? new FutureType(e) : f;
      }
      case MapType m -> {
        ValType k = val(m.key());
        ValType x = val(m.value());
        yield k != m.key() || x != m.value() ? new MapType(k, x) : m;
      }
    };
    memo.put(v, out);
    return out;
  }

  InstanceType instance(InstanceType i) {
    Object done = memo.get(i);
    if (done != null) {
      return (InstanceType) done;
    }
    // bound resources first, so that aliases inside map onto the same fresh types
    List<ResourceType> defined = new ArrayList<>();
    for (ResourceType r : i.definedResources()) {
      if (dropBound && resources.containsKey(r)) {
        continue;
      }
      defined.add(resource(r));
    }
    Map<String, ExternType> exports = new LinkedHashMap<>();
    for (var e : i.exports().entrySet()) {
      exports.put(e.getKey(), extern(e.getValue()));
    }
    InstanceType out = new InstanceType(exports, defined);
    memo.put(i, out);
    return out;
  }

  ComponentType component(ComponentType c) {
    Object done = memo.get(c);
    if (done != null) {
      return (ComponentType) done;
    }
    List<ResourceType> imported = new ArrayList<>();
    for (ResourceType r : c.importedResources()) {
      if (dropBound && resources.containsKey(r)) {
        continue;
      }
      imported.add(resource(r));
    }
    List<ResourceType> defined = new ArrayList<>();
    for (ResourceType r : c.definedResources()) {
      if (dropBound && resources.containsKey(r)) {
        continue;
      }
      defined.add(resource(r));
    }
    Map<String, ExternType> imports = new LinkedHashMap<>();
    for (var e : c.imports().entrySet()) {
      imports.put(e.getKey(), extern(e.getValue()));
    }
    Map<String, ExternType> exports = new LinkedHashMap<>();
    for (var e : c.exports().entrySet()) {
      exports.put(e.getKey(), extern(e.getValue()));
    }
    ComponentType out = new ComponentType(imports, exports, imported, defined);
    memo.put(c, out);
    return out;
  }
}

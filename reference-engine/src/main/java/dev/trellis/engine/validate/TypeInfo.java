package dev.trellis.engine.validate;

import dev.trellis.engine.types.BorrowType;
import dev.trellis.engine.types.ComponentType;
import dev.trellis.engine.types.CoreModuleType;
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
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** Structural queries over resolved types: free resources, external visibility, size. */
final class TypeInfo {
  private TypeInfo() {}

  /** Implementation limit on the effective (unshared) size of a type, against exponential blow-up. */
  static final long MAX_TYPE_SIZE = 1_000_000;

  // ---- free resources ----

  /** The resource types {@code t} mentions that it does not bind itself (canonical objects). */
  static Set<ResourceType> freeResources(Type t) {
    Set<ResourceType> out = new LinkedHashSet<>();
    free(t, new HashSet<>(), out, new IdentityHashMap<>());
    return out;
  }

  static Set<ResourceType> freeResources(ExternType e) {
    Set<ResourceType> out = new LinkedHashSet<>();
    freeExtern(e, new HashSet<>(), out, new IdentityHashMap<>());
    return out;
  }

  private static void freeExtern(ExternType e, Set<ResourceType> bound, Set<ResourceType> out, Map<Object, Boolean> seen) {
    switch (e) {
      case ExternType.CoreModuleExtern m -> {}
      case ExternType.FuncExtern f -> free(f.type(), bound, out, seen);
      case ExternType.ValueExtern v -> free(v.type(), bound, out, seen);
      case ExternType.TypeExtern t -> free(t.type(), bound, out, seen);
      case ExternType.ComponentExtern c -> free(c.type(), bound, out, seen);
      case ExternType.InstanceExtern i -> free(i.type(), bound, out, seen);
    }
  }

  private static void free(Type t, Set<ResourceType> bound, Set<ResourceType> out, Map<Object, Boolean> seen) {
    if (t == null || t instanceof PrimType) {
      return;
    }
    if (bound.isEmpty() && seen.put(t, Boolean.TRUE) != null) {
      return;
    }
    switch (t) {
      case ResourceType r -> {
        if (!bound.contains(r)) {
          out.add(r.canonical());
        }
      }
      case OwnType o -> free(o.resource(), bound, out, seen);
      case BorrowType b -> free(b.resource(), bound, out, seen);
      case RecordType r -> r.fields().forEach(f -> free(f.type(), bound, out, seen));
      case VariantType v -> v.cases().forEach(c -> free(c.type(), bound, out, seen));
      case ListType l -> free(l.element(), bound, out, seen);
      case TupleType tt -> tt.types().forEach(x -> free(x, bound, out, seen));
      case OptionType o -> free(o.type(), bound, out, seen);
      case ResultType r -> {
        free(r.ok(), bound, out, seen);
        free(r.error(), bound, out, seen);
      }
      case StreamType s -> free(s.element(), bound, out, seen);
      case FutureType f -> free(f.element(), bound, out, seen);
      case MapType m -> {
        free(m.key(), bound, out, seen);
        free(m.value(), bound, out, seen);
      }
      case FuncType f -> {
        f.params().forEach(p -> free(p.type(), bound, out, seen));
        free(f.result(), bound, out, seen);
      }
      case InstanceType i -> {
        Set<ResourceType> b = bound;
        if (!i.definedResources().isEmpty()) {
          b = new HashSet<>(bound);
          b.addAll(i.definedResources());
        }
        for (ExternType e : i.exports().values()) {
          freeExtern(e, b, out, b.isEmpty() ? seen : new IdentityHashMap<>());
        }
      }
      case ComponentType c -> {
        Set<ResourceType> b = new HashSet<>(bound);
        b.addAll(c.importedResources());
        b.addAll(c.definedResources());
        for (ExternType e : c.imports().values()) {
          freeExtern(e, b, out, new IdentityHashMap<>());
        }
        for (ExternType e : c.exports().values()) {
          freeExtern(e, b, out, new IdentityHashMap<>());
        }
      }
      case EnumType e -> {}
      case FlagsType f -> {}
      case PrimType p -> {}
    }
  }

  // ---- external visibility (Explainer.md#external-visibility-of-types) ----

  /** A use of value type {@code t}: every nominal type it reaches must be named. */
  static boolean namedVal(ValType t, Set<Object> named) {
    return switch (t) {
      case null -> true;
      case PrimType p -> true;
      case RecordType r -> named.contains(r);
      case VariantType v -> named.contains(v);
      case EnumType e -> named.contains(e);
      case FlagsType f -> named.contains(f);
      case OwnType o -> named.contains(o.resource());
      case BorrowType b -> named.contains(b.resource());
      case ListType l -> namedVal(l.element(), named);
      case TupleType tt -> tt.types().stream().allMatch(x -> namedVal(x, named));
      case OptionType o -> namedVal(o.type(), named);
      case ResultType r -> namedVal(r.ok(), named) && namedVal(r.error(), named);
      case StreamType s -> namedVal(s.element(), named);
      case FutureType f -> namedVal(f.element(), named);
      case MapType m -> namedVal(m.key(), named) && namedVal(m.value(), named);
    };
  }

  static boolean namedFunc(FuncType f, Set<Object> named) {
    for (FuncType.Param p : f.params()) {
      if (!namedVal(p.type(), named)) {
        return false;
      }
    }
    return namedVal(f.result(), named);
  }

  /** A type being given a name (a type import/export): what it refers to must be named. */
  static boolean namedContents(Type t, Set<Object> named) {
    return switch (t) {
      case RecordType r -> r.fields().stream().allMatch(f -> namedVal(f.type(), named));
      case VariantType v -> v.cases().stream().allMatch(c -> namedVal(c.type(), named));
      case EnumType e -> true;
      case FlagsType f -> true;
      case ResourceType r -> true;
      case ValType v -> namedVal(v, named);
      case FuncType f -> namedFunc(f, named);
      case InstanceType i -> namedInstance(i, named);
      case ComponentType c -> true;
    };
  }

  /** An instance's exports in order, each type export naming its type for those after it. */
  static boolean namedInstance(InstanceType i, Set<Object> named) {
    Set<Object> local = identitySet();
    local.addAll(named);
    for (ExternType e : i.exports().values()) {
      if (!namedExtern(e, local)) {
        return false;
      }
      register(e, local);
    }
    return true;
  }

  static boolean namedExtern(ExternType e, Set<Object> named) {
    return switch (e) {
      case ExternType.CoreModuleExtern m -> true;
      case ExternType.ComponentExtern c -> true;
      case ExternType.FuncExtern f -> namedFunc(f.type(), named);
      case ExternType.ValueExtern v -> namedVal(v.type(), named);
      case ExternType.TypeExtern t -> namedContents(t.type(), named);
      case ExternType.InstanceExtern i -> namedInstance(i.type(), named);
    };
  }

  /** Records the names an import or export of {@code e} introduces. */
  static void register(ExternType e, Set<Object> named) {
    switch (e) {
      case ExternType.TypeExtern t -> named.add(t.type());
      case ExternType.InstanceExtern i -> {
        for (ExternType x : i.type().exports().values()) {
          register(x, named);
        }
      }
      default -> {}
    }
  }

  static Set<Object> identitySet() {
    return java.util.Collections.newSetFromMap(new IdentityHashMap<>());
  }

  // ---- size ----

  /** The size of {@code t} counting shared subtrees at every use, saturating above the limit. */
  static long size(Type t, Map<Object, Long> memo) {
    if (t == null || t instanceof PrimType || t instanceof ResourceType) {
      return 1;
    }
    Long m = memo.get(t);
    if (m != null) {
      return m;
    }
    long s = switch (t) {
      case RecordType r -> 1 + r.fields().stream().mapToLong(f -> size(f.type(), memo)).reduce(0, TypeInfo::add);
      case VariantType v -> 1 + v.cases().stream().mapToLong(c -> size(c.type(), memo)).reduce(0, TypeInfo::add);
      case TupleType tt -> 1 + tt.types().stream().mapToLong(x -> size(x, memo)).reduce(0, TypeInfo::add);
      case ListType l -> add(1, size(l.element(), memo));
      case OptionType o -> add(1, size(o.type(), memo));
      case ResultType r -> add(1, add(size(r.ok(), memo), size(r.error(), memo)));
      case StreamType st -> add(1, size(st.element(), memo));
      case FutureType f -> add(1, size(f.element(), memo));
      case MapType mp -> add(1, add(size(mp.key(), memo), size(mp.value(), memo)));
      case FuncType f -> add(1 + f.params().stream().mapToLong(p -> size(p.type(), memo)).reduce(0, TypeInfo::add), size(f.result(), memo));
      case InstanceType i -> 1 + i.exports().values().stream().mapToLong(e -> size(e, memo)).reduce(0, TypeInfo::add);
      case ComponentType c -> add(1 + c.imports().values().stream().mapToLong(e -> size(e, memo)).reduce(0, TypeInfo::add),
          c.exports().values().stream().mapToLong(e -> size(e, memo)).reduce(0, TypeInfo::add));
      default -> 1;
    };
    memo.put(t, s);
    return s;
  }

  static long size(ExternType e, Map<Object, Long> memo) {
    return switch (e) {
      case ExternType.CoreModuleExtern m -> 1 + m.type().imports().size() + m.type().exports().size();
      case ExternType.FuncExtern f -> size(f.type(), memo);
      case ExternType.ValueExtern v -> size(v.type(), memo);
      case ExternType.TypeExtern t -> size(t.type(), memo);
      case ExternType.ComponentExtern c -> size(c.type(), memo);
      case ExternType.InstanceExtern i -> size(i.type(), memo);
    };
  }

  private static long add(long a, long b) {
    long s = a + b;
    return s < 0 || s > 2 * MAX_TYPE_SIZE ? 2 * MAX_TYPE_SIZE : s;
  }

  static String describe(CoreModuleType m) {
    return "module";
  }
}

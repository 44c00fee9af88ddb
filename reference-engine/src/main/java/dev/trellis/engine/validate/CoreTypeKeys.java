package dev.trellis.engine.validate;

import dev.trellis.engine.binary.CoreCompType;
import dev.trellis.engine.binary.CoreSubType;
import dev.trellis.engine.binary.CoreValType;
import dev.trellis.engine.types.CoreType;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Canonical forms of core (GC) types, so that types from different type index spaces — a
 * module's, a component's, a module type's — can be compared: a type is identified by its
 * whole rec group, with references inside the group made relative and references outside
 * replaced by their own canonical form (the iso-recursive type equivalence of WebAssembly
 * 3.0). Function types are matched by declared subtyping.
 *
 * <p>Core function type objects are bound to the index space they were defined in when they
 * are created; one instance is used for one validation (see {@link #current()}).
 */
final class CoreTypeKeys {
  private static final ThreadLocal<CoreTypeKeys> CURRENT = new ThreadLocal<>();

  /** A type: its rec group and its position in it. */
  record RecKey(List<SubKey> group, int index) {}

  record SubKey(boolean isFinal, List<Object> supers, Object comp) {}

  record FuncKey(List<Object> params, List<Object> results) {}

  record StructKey(List<FieldKey> fields) {}

  record ArrayKey(FieldKey element) {}

  record FieldKey(Object type, int packed, boolean mutable) {}

  record RefKey(boolean nullable, Object heap) {}

  /** A reference to the {@code index}-th type of the enclosing rec group. */
  record Rel(int index) {}

  private final Map<Object, RecKey> keyOfFunc = new IdentityHashMap<>();
  private final Map<List<CoreType>, RecKey[]> memo = new IdentityHashMap<>();

  static CoreTypeKeys current() {
    CoreTypeKeys k = CURRENT.get();
    return k == null ? new CoreTypeKeys() : k;
  }

  static void set(CoreTypeKeys k) {
    if (k == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(k);
    }
  }

  /** Records that function type object {@code f} is type {@code index} of {@code space} (first binding wins). */
  void bind(Object f, List<CoreType> space, int index) {
    if (!keyOfFunc.containsKey(f)) {
      RecKey k = key(space, index);
      if (k != null) {
        keyOfFunc.put(f, k);
      }
    }
  }

  /** The canonical form of type {@code index} of {@code space}, or null if it cannot be formed. */
  RecKey key(List<CoreType> space, int index) {
    if (index < 0 || index >= space.size()) {
      return null;
    }
    RecKey[] keys = memo.computeIfAbsent(space, s -> new RecKey[s.size()]);
    if (keys.length <= index) {
      keys = java.util.Arrays.copyOf(keys, space.size());
      memo.put(space, keys);
    }
    if (keys[index] != null) {
      return keys[index];
    }
    if (!(space.get(index) instanceof CoreType.Sub sub)) {
      return null;
    }
    int start = sub.recGroupStart();
    int size = sub.recGroupSize();
    if (index < start || index >= start + size || start + size > space.size()) {
      // an entry aliased from another space: canonicalize it on its own
      start = index;
      size = 1;
    }
    List<SubKey> group = new ArrayList<>(size);
    for (int j = start; j < start + size; j++) {
      CoreType.Sub member = (CoreType.Sub) space.get(j);
      group.add(subKey(member.type(), space, start, size));
    }
    for (int j = start; j < start + size; j++) {
      keys[j] = new RecKey(List.copyOf(group), j - start);
    }
    return keys[index];
  }

  private SubKey subKey(CoreSubType st, List<CoreType> space, int start, int size) {
    List<Object> supers = new ArrayList<>();
    for (int s : st.supertypes()) {
      supers.add(ref(s, space, start, size));
    }
    Object comp = switch (st.comp()) {
      case CoreCompType.Func f -> new FuncKey(vals(f.params(), space, start, size), vals(f.results(), space, start, size));
      case CoreCompType.Struct s -> new StructKey(s.fields().stream().map(x -> field(x, space, start, size)).toList());
      case CoreCompType.Array a -> new ArrayKey(field(a.element(), space, start, size));
    };
    return new SubKey(st.isFinal(), supers, comp);
  }

  private FieldKey field(CoreCompType.FieldType f, List<CoreType> space, int start, int size) {
    return new FieldKey(f.packed() != 0 ? null : val(f.type(), space, start, size), f.packed(), f.mutable());
  }

  private List<Object> vals(List<CoreValType> vs, List<CoreType> space, int start, int size) {
    List<Object> out = new ArrayList<>(vs.size());
    for (CoreValType v : vs) {
      out.add(val(v, space, start, size));
    }
    return out;
  }

  private Object val(CoreValType v, List<CoreType> space, int start, int size) {
    if (v instanceof CoreValType.Ref r) {
      return new RefKey(r.nullable(), r.isConcrete() ? ref(r.typeIndex(), space, start, size) : (Object) r.heap());
    }
    return v;
  }

  private Object ref(int t, List<CoreType> space, int start, int size) {
    if (t >= start && t < start + size) {
      return new Rel(t - start);
    }
    RecKey k = t < start ? key(space, t) : null;
    return k != null ? k : (Object) ("#" + t);
  }

  /** The canonical form of a core function type object: its binding, or its own structure (MVP). */
  RecKey keyOf(CoreCompType.Func f) {
    RecKey k = keyOfFunc.get(f);
    if (k != null) {
      return k;
    }
    SubKey s = new SubKey(true, List.of(), new FuncKey(vals(f.params(), List.of(), 0, 0), vals(f.results(), List.of(), 0, 0)));
    return new RecKey(List.of(s), 0);
  }

  /** Whether a function of type {@code actual} may be used where {@code expected} is required. */
  boolean matches(CoreCompType.Func actual, CoreCompType.Func expected) {
    return isSubtype(keyOf(actual), keyOf(expected));
  }

  static boolean isSubtype(RecKey a, RecKey b) {
    for (int depth = 0; a != null && depth < 1_000_000; depth++) {
      if (a.equals(b)) {
        return true;
      }
      SubKey s = a.group().get(a.index());
      if (s.supers().isEmpty()) {
        return false;
      }
      Object sup = s.supers().get(0);
      a = sup instanceof Rel r ? new RecKey(a.group(), r.index()) : sup instanceof RecKey k ? k : null;
    }
    return false;
  }
}

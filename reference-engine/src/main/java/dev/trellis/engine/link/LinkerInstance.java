package dev.trellis.engine.link;

import dev.trellis.engine.error.LinkException;
import dev.trellis.engine.runtime.HostFunc;
import dev.trellis.engine.runtime.Instance;
import dev.trellis.engine.runtime.Lift;
import dev.trellis.engine.runtime.Lower;
import dev.trellis.engine.runtime.TypedHostFunc;
import dev.trellis.engine.runtime.Store;
import dev.trellis.engine.types.FuncType;
import dev.trellis.engine.types.ResourceType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The definitions a {@link Linker} provides under one instance name (or at the root): host
 * functions, host resource types, nested instances, and existing component instances.
 */
public final class LinkerInstance<T> {
  private final String path;
  final Map<String, Object> defs = new LinkedHashMap<>();

  LinkerInstance(String path) {
    this.path = path;
  }

  /** A host function accepting whatever function type the guest imports under {@code name}. */
  public LinkerInstance<T> func(String name, HostFunc<T> f) {
    return define(name, new HostFuncDef(name, null, f));
  }

  /** A host function of type {@code type}, checked against the guest's import when linking. */
  public LinkerInstance<T> func(String name, FuncType type, HostFunc<T> f) {
    return define(name, new HostFuncDef(name, type, f));
  }

  /**
   * A host function taking and returning Java values: {@code params} lifts its parameters
   * ({@link Lift#params}), {@code result} lowers its result ({@link Lift#none()}'s counterpart
   * for none is a null {@code result}). Their types are checked against the import when linking.
   */
  public <P, R> LinkerInstance<T> func(String name, Lift<P> params, Lower<R> result, TypedHostFunc<T, P, R> f) {
    return define(name, new TypedHostFuncDef(name, params, result, f));
  }

  /**
   * A host resource type. Guests importing {@code (type (sub resource))} under {@code name} get
   * {@code type}; when a guest drops an owning handle, {@code dtor} (may be null) receives the
   * resource's {@code rep}.
   */
  public LinkerInstance<T> resource(String name, ResourceType type, ResourceDtor<T> dtor) {
    return define(name, new HostResourceDef(type, dtor));
  }

  /** The nested instance {@code name}, created on first use. */
  public LinkerInstance<T> instance(String name) {
    Object d = defs.get(name);
    if (d instanceof LinkerInstance<?> li) {
      @SuppressWarnings("unchecked")
      LinkerInstance<T> r = (LinkerInstance<T>) li;
      return r;
    }
    if (d != null) {
      throw new LinkException("`" + qualified(name) + "` is already defined as something other than an instance");
    }
    LinkerInstance<T> li = new LinkerInstance<>(qualified(name));
    defs.put(name, li);
    return li;
  }

  /** Provides an existing component instance (of a store of the same engine) under {@code name}. */
  public LinkerInstance<T> instance(String name, Instance instance) {
    if (!(instance instanceof InstanceImpl impl)) {
      throw new IllegalArgumentException("not an instance of this engine");
    }
    return define(name, impl.def());
  }

  private LinkerInstance<T> define(String name, Object def) {
    if (defs.containsKey(name)) {
      throw new LinkException("`" + qualified(name) + "` is defined twice");
    }
    defs.put(name, def);
    return this;
  }

  private String qualified(String name) {
    return path.isEmpty() ? name : path + "/" + name;
  }

  String path() {
    return path;
  }

  /**
   * The definition for an import {@code name}: an exact match, else (for a versioned interface
   * name) the highest compatible version defined.
   */
  Object lookup(String name) {
    Object d = defs.get(name);
    if (d != null) {
      return d;
    }
    String[] want = SemVer.split(name);
    if (want[1] == null) {
      return null;
    }
    SemVer wv = SemVer.parse(want[1]);
    if (wv == null) {
      return null;
    }
    SemVer best = null;
    Object bestDef = null;
    for (Map.Entry<String, Object> e : defs.entrySet()) {
      String[] have = SemVer.split(e.getKey());
      if (have[1] == null || !have[0].equals(want[0])) {
        continue;
      }
      SemVer hv = SemVer.parse(have[1]);
      if (hv != null && hv.compatible(wv) && (best == null || hv.compareTo(best) > 0)) {
        best = hv;
        bestDef = e.getValue();
      }
    }
    return bestDef;
  }

  /** Drops a host resource's representation when a guest drops the last owning handle. */
  @FunctionalInterface
  public interface ResourceDtor<T> {
    void drop(Store<T> store, int rep);
  }

  record HostFuncDef(String name, FuncType type, HostFunc<?> body) {}

  record HostResourceDef(ResourceType type, ResourceDtor<?> dtor) {}

  record TypedHostFuncDef(String name, Lift<?> params, Lower<?> result, TypedHostFunc<?, ?, ?> body) {}
}

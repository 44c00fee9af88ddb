package dev.trellis.engine.wasi;

import dev.trellis.engine.link.Linker;
import dev.trellis.engine.link.LinkerInstance;
import dev.trellis.engine.runtime.Val;
import dev.trellis.engine.types.FuncType;
import dev.trellis.engine.types.ResourceType;
import dev.trellis.engine.wit.Resolve;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Defines one WIT interface in a linker: each function with the type the resolved WIT gives it
 * (so the engine checks the guest's import against the WIT when it links), and every resource
 * type the interface defines or uses. {@link #done()} fails if the host left a function out.
 */
final class HostIface<T> {
  /** A host function body, with the store's WASI state. */
  @FunctionalInterface
  interface Impl {
    Val call(WasiState s, Val[] args);
  }

  /** Tests: when set, every function defined is also recorded here, by {@code interface#function}. */
  static final ThreadLocal<java.util.Map<String, Impl>> RECORD = new ThreadLocal<>();

  private final Resolve resolve;
  private final Resolve.Interface wit;
  private final String name;
  private final LinkerInstance<T> li;
  private final Function<T, WasiState> view;
  private final Set<String> pending;

  HostIface(Linker<T> linker, Function<T, WasiState> view, String pkgAndName) {
    this.resolve = WasiWit.resolve();
    this.name = WasiWit.iface(pkgAndName);
    this.wit = resolve.interfaceNamed(name).orElseThrow(() -> new IllegalStateException("WIT has no interface " + name));
    this.li = linker.instance(name);
    this.view = view;
    this.pending = new LinkedHashSet<>(wit.functions().keySet());
    for (Map.Entry<String, Integer> t : wit.types().entrySet()) {
      if (isResource(t.getValue())) {
        ResourceType rt = resolve.resourceType(t.getValue());
        li.resource(t.getKey(), rt, (store, rep) -> {
          Object o = view.apply(store.data()).table.remove(rep);
          if (o instanceof AutoCloseable c) {
            try {
              c.close();
            } catch (Exception ignored) {
              // the guest dropped it; nothing to report to
            }
          }
        });
      }
    }
  }

  private boolean isResource(int typeId) {
    int id = typeId;
    while (resolve.type(id).kind() instanceof Resolve.TypeDefKind.Alias(Resolve.WitType.Ref(int target))) {
      id = target;
    }
    return resolve.type(id).kind() instanceof Resolve.TypeDefKind.Resource;
  }

  /** The resource type {@code name} of this interface (defined or used). */
  ResourceType resource(String typeName) {
    Integer id = wit.types().get(typeName);
    if (id == null) {
      throw new IllegalStateException(name + " has no type " + typeName);
    }
    return resolve.resourceType(id);
  }

  /** Defines function {@code witName} ({@code f}, {@code [method]r.f}, {@code [static]r.f}, {@code [constructor]r}). */
  HostIface<T> func(String witName, Impl impl) {
    Resolve.Function f = wit.functions().get(witName);
    if (f == null) {
      throw new IllegalStateException(name + " has no function " + witName);
    }
    FuncType type = resolve.funcType(f);
    String traced = name.replaceFirst("@.*$", "") + "#" + witName;
    li.func(witName, type, (store, args) -> {
      WasiState s = view.apply(store.data());
      if (s.ctx.onHostCall != null) {
        s.ctx.onHostCall.accept(traced);
      }
      return impl.call(s, args);
    });
    pending.remove(witName);
    java.util.Map<String, Impl> rec = RECORD.get();
    if (rec != null) {
      rec.put(name + "#" + witName, impl);
    }
    return this;
  }

  void done() {
    if (!pending.isEmpty()) {
      throw new IllegalStateException("the WASI host does not implement " + name + ": " + pending);
    }
  }

  String name() {
    return name;
  }
}

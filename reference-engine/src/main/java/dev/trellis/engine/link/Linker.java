package dev.trellis.engine.link;

import dev.trellis.engine.runtime.Engine;
import dev.trellis.engine.runtime.Instance;
import dev.trellis.engine.runtime.Store;

/**
 * Provides a component's imports: host functions and resource types (grouped into instances
 * named by interface, e.g. {@code wasi:cli/environment@0.2.12}) and existing component
 * instances. Import names match exactly, or by semver compatibility for versioned interface
 * names (a host defining {@code @0.2.12} satisfies an import of {@code @0.2.0}).
 *
 * <pre>{@code
 * Linker<MyState> linker = new Linker<>(engine);
 * linker.instance("wasi:cli/environment@0.2.12")
 *     .func("get-arguments", (store, args) -> new Val.ListOf(List.of()));
 * InstancePre<MyState> pre = linker.instantiatePre(component);  // resolve + type-check imports once
 * Instance a = pre.instantiate(new Store<>(engine, stateA));
 * }</pre>
 */
public final class Linker<T> {
  private final Engine engine;
  private final LinkerInstance<T> root = new LinkerInstance<>("");

  public Linker(Engine engine) {
    this.engine = engine;
  }

  public Engine engine() {
    return engine;
  }

  /** The top-level definitions (plain-named imports such as {@code (import "f" (func))}). */
  public LinkerInstance<T> root() {
    return root;
  }

  /** The instance {@code name} (an interface name, usually), created on first use. */
  public LinkerInstance<T> instance(String name) {
    return root.instance(name);
  }

  /** Provides an existing component instance under {@code name}. */
  public Linker<T> instance(String name, Instance instance) {
    root.instance(name, instance);
    return this;
  }

  /**
   * Resolves and type-checks {@code component}'s imports against this linker's current
   * definitions; throws {@link dev.trellis.engine.error.LinkException} for a missing or
   * mismatched import.
   */
  public InstancePre<T> instantiatePre(Component component) {
    return new InstancePre<>(component, root);
  }

  /** {@code instantiatePre(component).instantiate(store)}. */
  public Instance instantiate(Store<T> store, Component component) {
    return instantiatePre(component).instantiate(store);
  }
}

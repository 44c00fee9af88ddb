package dev.trellis.engine.abi;

import dev.trellis.engine.types.ResourceType;

/**
 * {@code ResourceType} of <a href="../../../../../../../../shared/spec/component-model/CanonicalABI.md#resource-state">CanonicalABI.md#resource-state</a>:
 * a resource type at run time, created once per instantiation of the component defining it (or
 * once by the host). {@code impl} is the defining component instance, null for host resources;
 * {@code dtor} the destructor or null. Identity is meaning: handle checks compare with
 * {@code ==}. {@link #type()} is the identity the host sees on handles.
 */
public final class RuntimeResourceType {
  private final ResourceType type;
  private final ComponentInstance impl;
  private final Destructor dtor;

  /** Calls a resource's destructor from {@code caller}'s instance, with the rules of a cross-component call. */
  @FunctionalInterface
  public interface Destructor {
    void destroy(ComponentInstance caller, int rep);
  }

  public RuntimeResourceType(ResourceType type, ComponentInstance impl, Destructor dtor) {
    this.type = type;
    this.impl = impl;
    this.dtor = dtor;
  }

  public ResourceType type() {
    return type;
  }

  public ComponentInstance impl() {
    return impl;
  }

  public Destructor dtor() {
    return dtor;
  }

  /** Wasmtime's wording of who defined the type, used in trap messages. */
  public String describe() {
    return impl == null ? "host-defined resource" : "guest-defined resource";
  }

  @Override
  public String toString() {
    return type.toString();
  }
}

package dev.trellis.engine.runtime;

import dev.trellis.engine.types.ComponentType;
import dev.trellis.engine.types.ResourceType;
import java.util.Set;

/**
 * An instantiated component: its exports, looked up by name. Nested instance exports are
 * reached with {@link #instance(String)}.
 */
public interface Instance {
  /** The component type it was instantiated from. */
  ComponentType type();

  /** Names of everything it exports. */
  Set<String> exportNames();

  /** The exported function {@code name}; throws {@link IllegalArgumentException} if there is none. */
  Func func(String name);

  /** The exported instance {@code name}; throws {@link IllegalArgumentException} if there is none. */
  Instance instance(String name);

  /** The run-time identity of the exported resource type {@code name} (to tell handles apart). */
  ResourceType resourceType(String name);

  /**
   * The exported function {@code name} with its parameters lowered by {@code params} and its
   * result lifted by {@code result}; throws {@link IllegalArgumentException} if they do not
   * match its type.
   */
  <P, R> TypedFunc<P, R> typedFunc(String name, Lower<P> params, Lift<R> result);
}

package dev.trellis.engine.runtime;

import dev.trellis.engine.types.ResourceType;

/**
 * A resource as the host sees it when it crosses the boundary in a {@link Val}: its
 * (runtime) resource type and representation. The runtime owns how handles map to
 * per-instance handle tables; host code treats this as opaque apart from {@link #type()}.
 */
public interface ResourceHandle {
  ResourceType type();

  /** The resource's representation (for host-defined resources, the host's own value). */
  int rep();
}

package dev.trellis.engine.runtime;

import dev.trellis.engine.abi.RuntimeResourceType;
import dev.trellis.engine.types.ResourceType;

/**
 * A resource as the host sees it in a {@link Val.Own} or {@link Val.Borrow}: its run-time
 * resource type and its representation ({@code rep}). Guests never see this object: lowering
 * turns it into a fresh index of the receiving instance's handle table
 * (CanonicalABI.md#storing, {@code lower_own} / {@code lower_borrow}).
 *
 * <p>For a resource type the host defines, the host makes handles with {@link #own} and reads
 * {@link #rep()} back when a guest passes them in. A handle is live until it is used up: passing
 * an owned handle to a guest moves it, and a borrowed handle a guest lent the host expires when
 * the host call returns; using a dead handle traps ({@code HANDLE_MOVED}) instead of reaching a
 * resource that is gone.
 */
public final class ResourceHandle {
  private final ResourceType type;
  private final RuntimeResourceType runtimeType;
  private final int rep;
  private final boolean owned;
  private boolean live = true;

  private ResourceHandle(ResourceType type, RuntimeResourceType runtimeType, int rep, boolean owned) {
    this.type = type;
    this.runtimeType = runtimeType;
    this.rep = rep;
    this.owned = owned;
  }

  /** An owned handle to a resource of a host-defined type, represented by {@code rep}. */
  public static ResourceHandle own(ResourceType type, int rep) {
    return new ResourceHandle(type, null, rep, true);
  }

  /** A borrowed handle to a resource of a host-defined type. */
  public static ResourceHandle borrow(ResourceType type, int rep) {
    return new ResourceHandle(type, null, rep, false);
  }

  /** A handle lifted out of a guest (engine use). */
  public static ResourceHandle lifted(RuntimeResourceType rt, int rep, boolean owned) {
    return new ResourceHandle(rt.type(), rt, rep, owned);
  }

  public ResourceType type() {
    return type;
  }

  /** The resource's representation (for host-defined resources, the host's own value). */
  public int rep() {
    return rep;
  }

  public boolean isOwned() {
    return owned;
  }

  /** False once the handle was moved into a guest, dropped, or (a borrow) its call returned. */
  public boolean isLive() {
    return live;
  }

  /** The run-time type the handle was lifted with; null for handles the host made. */
  public RuntimeResourceType runtimeType() {
    return runtimeType;
  }

  /** Marks the handle used up (engine use). */
  public void expire() {
    live = false;
  }

  @Override
  public String toString() {
    return (owned ? "own " : "borrow ") + type + " rep " + rep + (live ? "" : " (dead)");
  }
}

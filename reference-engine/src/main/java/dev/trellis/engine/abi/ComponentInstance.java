package dev.trellis.engine.abi;

import dev.trellis.engine.types.ResourceType;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The Canonical ABI state of one component instance ({@code ComponentInstance} of
 * <a href="../../../../../../../../shared/spec/component-model/CanonicalABI.md#component-instances">CanonicalABI.md#component-instances</a>):
 * its handle table, the {@code may_enter}/{@code may_leave} flags, its parent, and the run-time
 * resource type each of its component's (static) resource types stands for in this instance.
 */
public final class ComponentInstance {
  private final ComponentInstance parent;
  private final String name;
  /** {@code handles}. */
  public final HandleTable handles = new HandleTable();
  /** {@code may_enter}. */
  boolean mayEnter = true;
  /** {@code may_leave}. */
  boolean mayLeave = true;
  /** Sized for the few resource types a component instance binds; it grows as needed. */
  private final Map<ResourceType, RuntimeResourceType> resources = new IdentityHashMap<>(4);
  /** {@code Thread.storage} of the threads running in this instance, innermost last, two slots each. */
  private long[] storage = new long[8];
  private int threads;
  /** Whether any {@code context.get/set} built-in reads this instance's storage (else pushes are skipped). */
  private boolean usesContext;
  /** {@code backpressure}. */
  private int backpressure;

  public ComponentInstance(ComponentInstance parent, String name) {
    this.parent = parent;
    this.name = name;
  }

  public ComponentInstance parent() {
    return parent;
  }

  public String name() {
    return name;
  }

  public boolean mayLeave() {
    return mayLeave;
  }

  public void setMayLeave(boolean v) {
    mayLeave = v;
  }

  public boolean mayEnter() {
    return mayEnter;
  }

  /** Binds the static resource type {@code t} of this instance's component to {@code rt}. */
  public void bindResource(ResourceType t, RuntimeResourceType rt) {
    resources.put(t.canonical(), rt);
  }

  /** The run-time type bound to {@code t}, or null. */
  public RuntimeResourceType boundResource(ResourceType t) {
    return resources.get(t.canonical());
  }

  /** The run-time resource type {@code t} stands for here ({@code t.rt}). */
  public RuntimeResourceType resource(ResourceType t) {
    RuntimeResourceType rt = resources.get(t.canonical());
    if (rt == null) {
      throw new IllegalStateException("resource type " + t + " is not bound in instance " + name);
    }
    return rt;
  }

  /** {@code ComponentInstance.may_enter_from}. */
  public boolean mayEnterFrom(ComponentInstance caller) {
    if (parent == null && caller == null) {
      return mayEnter; // the host entering a root instance: entering_set is {self}
    }
    for (ComponentInstance i = this; i != null; i = i.parent) {
      if (!isSelfOrAncestorOf(i, caller) && !i.mayEnter) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code trap_if(not may_enter_from(None))} then {@code enter_from(None)}: the host entering
   * this instance, fused (for a root instance a single flag).
   */
  public void enterFromHost() {
    if (parent == null) {
      if (!mayEnter) {
        throw Traps.cannotEnter();
      }
      mayEnter = false;
      return;
    }
    if (!mayEnterFrom(null)) {
      throw Traps.cannotEnter();
    }
    enterFrom(null);
  }

  /** {@code ComponentInstance.enter_from}. */
  public void enterFrom(ComponentInstance caller) {
    if (parent == null && caller == null) {
      mayEnter = false;
      return;
    }
    for (ComponentInstance i = this; i != null; i = i.parent) {
      if (!isSelfOrAncestorOf(i, caller)) {
        i.mayEnter = false;
      }
    }
  }

  /** {@code ComponentInstance.leave_to}. */
  public void leaveTo(ComponentInstance caller) {
    if (parent == null && caller == null) {
      mayEnter = true;
      return;
    }
    for (ComponentInstance i = this; i != null; i = i.parent) {
      if (!isSelfOrAncestorOf(i, caller)) {
        i.mayEnter = true;
      }
    }
  }

  /** Whether {@code a} is in {@code caller.self_and_ancestors()} (false for the host, {@code caller == null}). */
  private static boolean isSelfOrAncestorOf(ComponentInstance a, ComponentInstance caller) {
    for (ComponentInstance c = caller; c != null; c = c.parent) {
      if (c == a) {
        return true;
      }
    }
    return false;
  }

  /**
   * Starts a thread in this instance (a task's implicit thread, or the fresh thread a
   * {@code realloc} call runs in) with zeroed {@code Thread.storage}. Synchronous calls nest,
   * so the threads of an instance form a stack.
   */
  public void pushThread() {
    if (!usesContext) {
      return;
    }
    if (2 * threads + 2 > storage.length) {
      storage = java.util.Arrays.copyOf(storage, storage.length * 2);
    }
    storage[2 * threads] = 0;
    storage[2 * threads + 1] = 0;
    threads++;
  }

  /** Ends the innermost thread started by {@link #pushThread()}. */
  public void popThread() {
    if (usesContext) {
      threads--;
    }
  }

  /**
   * Declares that {@code context.get/set} built-ins of this instance exist, so thread storage
   * must be kept. Called while the instance is being built, before any call into it.
   */
  public void useContext() {
    usesContext = true;
  }

  /** {@code canon_context_get}: reads slot {@code i} of the current thread's storage. */
  public long contextGet(int i) {
    return threads == 0 ? 0 : storage[2 * (threads - 1) + i];
  }

  /** {@code canon_context_set}. */
  public void contextSet(int i, long v) {
    if (threads > 0) {
      storage[2 * (threads - 1) + i] = v;
    }
  }

  /** {@code canon_backpressure_inc}: traps at 2^16. */
  public void backpressureInc() {
    backpressure++;
    if (backpressure == 1 << 16) {
      throw Traps.trap(dev.trellis.engine.error.TrapKind.CANON_ABI, "backpressure counter overflow");
    }
  }

  /** {@code canon_backpressure_dec}: traps below 0. */
  public void backpressureDec() {
    backpressure--;
    if (backpressure < 0) {
      throw Traps.trap(dev.trellis.engine.error.TrapKind.CANON_ABI, "backpressure counter underflow");
    }
  }

  public int backpressure() {
    return backpressure;
  }

  @Override
  public String toString() {
    return "component instance " + name;
  }
}

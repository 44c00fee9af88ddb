package dev.trellis.engine.abi;

import dev.trellis.engine.error.TrapKind;
import dev.trellis.engine.runtime.ResourceHandle;
import dev.trellis.engine.runtime.Val;
import dev.trellis.engine.types.ResourceType;

/**
 * Resource handles: {@code lift_own}, {@code lift_borrow} (CanonicalABI.md#loading),
 * {@code lower_own}, {@code lower_borrow} (CanonicalABI.md#storing) and the built-ins
 * {@code canon resource.new / resource.drop / resource.rep}
 * (<a href="../../../../../../../../shared/spec/component-model/CanonicalABI.md#canon-resourcenew">CanonicalABI.md#canon-resourcenew</a>).
 */
public final class Handles {
  private Handles() {}

  /** {@code lift_own}: moves the handle out of the table; the value is its {@code rep}. */
  public static Val.Own liftOwn(LiftLowerContext cx, long i, ResourceType t) {
    RuntimeResourceType rt = cx.resource(t);
    Object e = cx.inst.handles.remove(i);
    HandleElement h = asHandle(i, e, rt);
    if (h.numLends != 0) {
      throw Traps.trap(TrapKind.HANDLE_LENT);
    }
    if (!h.own) {
      throw Traps.trap(TrapKind.NOT_OWNER, "handle index " + i + " is a borrow, an own was expected");
    }
    return new Val.Own(ResourceHandle.lifted(rt, h.rep, true));
  }

  /** {@code lift_borrow}: reads the {@code rep}, lends the source handle until the subtask resolves. */
  public static Val.Borrow liftBorrow(LiftLowerContext cx, long i, ResourceType t) {
    RuntimeResourceType rt = cx.resource(t);
    HandleElement h = asHandle(i, cx.inst.handles.get(i), rt);
    if (!(cx.borrowScope instanceof Subtask subtask)) {
      throw Traps.trap(TrapKind.CANON_ABI, "borrow lifted outside of a call");
    }
    subtask.addLender(h);
    ResourceHandle handle = ResourceHandle.lifted(rt, h.rep, false);
    subtask.onDeliver(handle::expire);
    return new Val.Borrow(handle);
  }

  private static HandleElement asHandle(long i, Object e, RuntimeResourceType rt) {
    if (!(e instanceof HandleElement h)) {
      throw Traps.trap(TrapKind.HANDLE_TYPE_MISMATCH, "handle index " + i + " is not a resource handle");
    }
    if (h.rt != rt) {
      String found = h.rt.impl() == null && rt.impl() == null || h.rt.impl() != null && rt.impl() != null
          ? "a different " + h.rt.describe()
          : h.rt.describe();
      throw Traps.handleTypeMismatch(i, rt.describe(), found);
    }
    return h;
  }

  /** {@code lower_own}: a new owning handle in the lowering instance's table. */
  public static int lowerOwn(LiftLowerContext cx, Val v, ResourceType t) {
    RuntimeResourceType rt = cx.resource(t);
    if (!(v instanceof Val.Own(ResourceHandle handle))) {
      throw new IllegalArgumentException("expected own<" + t.name() + ">, got " + v);
    }
    checkHandle(handle, rt);
    if (!handle.isOwned()) {
      throw Traps.trap(TrapKind.NOT_OWNER, "a borrowed handle cannot be passed as own");
    }
    handle.expire();
    return cx.inst.handles.add(new HandleElement(rt, handle.rep(), true, null));
  }

  /** {@code lower_borrow}: the rep itself for the defining instance, else a scoped borrow handle. */
  public static int lowerBorrow(LiftLowerContext cx, Val v, ResourceType t) {
    RuntimeResourceType rt = cx.resource(t);
    ResourceHandle handle = switch (v) {
      case Val.Borrow(ResourceHandle h) -> h;
      case Val.Own(ResourceHandle h) -> h; // the host lends a handle it owns
      default -> throw new IllegalArgumentException("expected borrow<" + t.name() + ">, got " + v);
    };
    checkHandle(handle, rt);
    if (cx.inst == rt.impl()) {
      return handle.rep();
    }
    if (!(cx.borrowScope instanceof Task task)) {
      throw Traps.trap(TrapKind.CANON_ABI, "borrow lowered outside of a call");
    }
    task.numBorrows++;
    return cx.inst.handles.add(new HandleElement(rt, handle.rep(), false, task));
  }

  private static void checkHandle(ResourceHandle handle, RuntimeResourceType rt) {
    if (!handle.isLive()) {
      throw Traps.trap(TrapKind.HANDLE_MOVED, handle.toString());
    }
    if (handle.type() != rt.type()) {
      throw Traps.trap(TrapKind.HANDLE_TYPE_MISMATCH,
          "expected a handle of " + rt.type() + ", found one of " + handle.type());
    }
  }

  /** {@code canon_resource_new}. */
  public static int canonResourceNew(ComponentInstance inst, RuntimeResourceType rt, int rep) {
    if (!inst.mayLeave) {
      throw Traps.cannotLeave();
    }
    return inst.handles.add(new HandleElement(rt, rep, true, null));
  }

  /**
   * {@code canon_resource_drop}: removes the handle; for an owning handle runs the destructor
   * (a synchronous cross-component call into {@code rt.impl}), for a borrow ends the loan.
   */
  public static void canonResourceDrop(ComponentInstance inst, RuntimeResourceType rt, long i) {
    if (!inst.mayLeave) {
      throw Traps.cannotLeave();
    }
    HandleElement h = asHandle(i, inst.handles.remove(i), rt);
    if (h.numLends != 0) {
      throw Traps.trap(TrapKind.HANDLE_LENT);
    }
    if (h.own) {
      if (rt.dtor() != null) {
        rt.dtor().destroy(inst, h.rep);
      } else if (rt.impl() != null && !rt.impl().mayEnterFrom(inst)) {
        throw Traps.cannotEnter(); // the call of the (empty) destructor still enters rt.impl
      }
    } else {
      h.borrowScope.numBorrows--;
    }
  }

  /** {@code canon_resource_rep}. */
  public static int canonResourceRep(ComponentInstance inst, RuntimeResourceType rt, long i) {
    return asHandle(i, inst.handles.get(i), rt).rep;
  }
}

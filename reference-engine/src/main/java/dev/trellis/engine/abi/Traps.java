package dev.trellis.engine.abi;

import dev.trellis.engine.error.TrapException;
import dev.trellis.engine.error.TrapKind;

/** The one place Canonical ABI traps are built: {@code trap()} / {@code trap_if()} of the spec. */
public final class Traps {
  private Traps() {}

  public static TrapException trap(TrapKind kind) {
    return new TrapException(kind);
  }

  public static TrapException trap(TrapKind kind, String detail) {
    return new TrapException(kind, detail);
  }

  /** {@code Table.get} on a bad index: Wasmtime's wording, which the suites quote. */
  public static TrapException unknownHandle(long index) {
    return TrapException.withMessage(TrapKind.INVALID_HANDLE, "unknown handle index " + index);
  }

  /** A handle of another resource type than the one expected. */
  public static TrapException handleTypeMismatch(long index, String expected, String found) {
    return TrapException.withMessage(TrapKind.HANDLE_TYPE_MISMATCH,
        "handle index " + index + " used with the wrong type, expected " + expected + " but found " + found);
  }

  /** {@code trap_if(not inst.may_leave)}. */
  public static TrapException cannotLeave() {
    return new TrapException(TrapKind.CANNOT_LEAVE);
  }

  /** {@code trap_if(not inst.may_enter_from(caller))}. */
  public static TrapException cannotEnter() {
    return new TrapException(TrapKind.CANNOT_ENTER);
  }
}

package dev.trellis.engine.abi;

import dev.trellis.engine.error.TrapKind;

/**
 * The synchronous part of {@code Task} (<a href="../../../../../../../../shared/spec/component-model/CanonicalABI.md#tasks">CanonicalABI.md#tasks</a>):
 * one call into a {@code canon lift}ed function, counting the borrowed handles lowered into the
 * callee so it cannot return while any is still held.
 */
public final class Task implements BorrowScope {
  int numBorrows;
  private boolean resolved;

  /** {@code Task.return_}: traps when called twice or while borrowed handles remain. */
  public void returned() {
    if (resolved) {
      throw Traps.trap(TrapKind.CANON_ABI, "task already returned a value");
    }
    if (numBorrows > 0) {
      throw Traps.trap(TrapKind.BORROW_NOT_DROPPED);
    }
    resolved = true;
  }

  public int numBorrows() {
    return numBorrows;
  }

  public boolean resolved() {
    return resolved;
  }
}

package dev.trellis.engine.abi;

/**
 * The synchronous part of {@code Subtask} (<a href="../../../../../../../../shared/spec/component-model/CanonicalABI.md#subtask-state">CanonicalABI.md#subtask-state</a>):
 * the caller's side of a {@code canon lower}ed call, remembering the handles it lent out as
 * borrows so their lend counts drop back when the callee returns.
 */
public final class Subtask implements BorrowScope {
  private HandleElement[] lenders = new HandleElement[2];
  private int count;
  private boolean delivered;
  private Runnable onDeliver;

  /** {@code Subtask.add_lender}. */
  public void addLender(HandleElement h) {
    h.numLends++;
    if (count == lenders.length) {
      lenders = java.util.Arrays.copyOf(lenders, count * 2);
    }
    lenders[count++] = h;
  }

  /** Runs {@code r} when the resolve is delivered (used to expire host-held borrows). */
  public void onDeliver(Runnable r) {
    Runnable prev = onDeliver;
    onDeliver = prev == null ? r : () -> {
      prev.run();
      r.run();
    };
  }

  /** {@code Subtask.deliver_resolve}: every lent handle's {@code num_lends} drops back. */
  public void deliverResolve() {
    for (int i = 0; i < count; i++) {
      lenders[i].numLends--;
      lenders[i] = null;
    }
    count = 0;
    delivered = true;
    if (onDeliver != null) {
      onDeliver.run();
    }
  }

  public boolean resolveDelivered() {
    return delivered;
  }
}

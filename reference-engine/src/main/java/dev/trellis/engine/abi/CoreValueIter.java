package dev.trellis.engine.abi;

/**
 * {@code CoreValueIter} (<a href="../../../../../../../../shared/spec/component-model/CanonicalABI.md#flat-lifting">CanonicalABI.md#flat-lifting</a>):
 * a cursor over flat core values in the {@link FlatType} encoding.
 */
public final class CoreValueIter {
  private final long[] values;
  private int i;

  public CoreValueIter(long[] values) {
    this(values, 0);
  }

  public CoreValueIter(long[] values, int start) {
    this.values = values;
    this.i = start;
  }

  /** {@code next}: the next value's raw bits (the type is implied by the caller's plan). */
  public long next() {
    return values[i++];
  }

  /** {@code done}. */
  public boolean done() {
    return i == values.length;
  }

  void skip(int n) {
    i += n;
  }
}

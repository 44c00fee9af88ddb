package dev.trellis.engine.abi;

import java.util.Arrays;

/**
 * Collects the flat core values {@code lower_flat} produces, in the {@link FlatType} encoding:
 * 32-bit values are written zero-extended, so a value lands correctly in a slot that variant
 * flattening {@code join}ed up to {@code i64}.
 */
public final class CoreValueWriter {
  private long[] buf;
  private int size;

  public CoreValueWriter(int capacity) {
    buf = new long[Math.max(capacity, 1)];
  }

  public void i32(int v) {
    add(v & 0xFFFF_FFFFL);
  }

  public void i64(long v) {
    add(v);
  }

  public void f32(float f) {
    add(FlatLowering.encodeFloatAsI32(f) & 0xFFFF_FFFFL);
  }

  public void f64(double d) {
    add(FlatLowering.encodeFloatAsI64(d));
  }

  void add(long v) {
    if (size == buf.length) {
      buf = Arrays.copyOf(buf, size * 2);
    }
    buf[size++] = v;
  }

  public int size() {
    return size;
  }

  /** The values written so far (the backing array when it is exactly full). */
  public long[] toArray() {
    return size == buf.length ? buf : Arrays.copyOf(buf, size);
  }
}

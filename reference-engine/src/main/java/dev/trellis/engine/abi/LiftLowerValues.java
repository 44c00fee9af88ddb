package dev.trellis.engine.abi;

import dev.trellis.engine.error.TrapKind;
import dev.trellis.engine.runtime.Val;

/**
 * {@code lift_flat_values} and {@code lower_flat_values}
 * (<a href="../../../../../../../../shared/spec/component-model/CanonicalABI.md#lifting-and-lowering-values">CanonicalABI.md#lifting-and-lowering-values</a>):
 * a function's parameters or results, flat when they fit in {@code max_flat} core values,
 * otherwise spilled to a tuple in linear memory.
 */
public final class LiftLowerValues {
  private LiftLowerValues() {}

  /** {@code lift_flat_values}. */
  public static Val[] liftFlatValues(LiftLowerContext cx, int maxFlat, CoreValueIter vi, ValuesLayout ts) {
    Val[] out = new Val[ts.size()];
    if (ts.flatCount() > maxFlat) {
      long ptr = vi.next() & 0xFFFF_FFFFL;
      AbiType.RecordT tuple = ts.tuple();
      checkPointer(cx, ptr, tuple);
      int[] offsets = tuple.offsets();
      for (int i = 0; i < out.length; i++) {
        out[i] = Loading.load(cx, ptr + offsets[i], ts.type(i));
      }
    } else {
      for (int i = 0; i < out.length; i++) {
        out[i] = FlatLifting.liftFlat(cx, vi, ts.type(i));
      }
    }
    return out;
  }

  /**
   * {@code lower_flat_values}. With more than {@code maxFlat} flat values the tuple goes to
   * memory: allocated with {@code realloc} when {@code outParam} is null (the pointer is then
   * the one flat value), else at the caller-supplied pointer read from {@code outParam}.
   */
  public static long[] lowerFlatValues(LiftLowerContext cx, int maxFlat, Val[] vs, ValuesLayout ts,
      CoreValueIter outParam) {
    if (vs.length != ts.size()) {
      throw new IllegalArgumentException("expected " + ts.size() + " values, got " + vs.length);
    }
    if (ts.flatCount() > maxFlat) {
      AbiType.RecordT tuple = ts.tuple();
      long ptr;
      long[] flat;
      if (outParam == null) {
        ptr = cx.allocate(tuple.alignment(), tuple.elemSize());
        Storing.checkListAllocation(cx, ptr, tuple.alignment(), tuple.elemSize());
        flat = new long[] {ptr};
      } else {
        ptr = outParam.next() & 0xFFFF_FFFFL;
        checkPointer(cx, ptr, tuple);
        flat = new long[0];
      }
      int[] offsets = tuple.offsets();
      for (int i = 0; i < vs.length; i++) {
        Storing.store(cx, vs[i], ts.type(i), ptr + offsets[i]);
      }
      return flat;
    }
    CoreValueWriter out = new CoreValueWriter(ts.flatCount());
    for (int i = 0; i < vs.length; i++) {
      FlatLowering.lowerFlat(cx, vs[i], ts.type(i), out);
    }
    return out.toArray();
  }

  /** The alignment and bounds {@code trap_if}s on a pointer to a spilled tuple. */
  static void checkPointer(LiftLowerContext cx, long ptr, AbiType t) {
    if (ptr % t.alignment() != 0) {
      throw Traps.trap(TrapKind.UNALIGNED_POINTER);
    }
    if (ptr + t.elemSize() > cx.memory().byteLength()) {
      throw Traps.trap(TrapKind.POINTER_OUT_OF_BOUNDS);
    }
  }
}

package dev.trellis.engine.abi;

import static dev.trellis.engine.abi.CanonicalAbi.PTR_SIZE;

import dev.trellis.engine.error.TrapException;
import dev.trellis.engine.error.TrapKind;
import dev.trellis.engine.runtime.Val;
import dev.trellis.engine.types.ValType;
import java.util.List;

/**
 * {@code store} and its helpers (<a href="../../../../../../../../shared/spec/component-model/CanonicalABI.md#storing">CanonicalABI.md#storing</a>):
 * writes a value of a type into linear memory. A value that does not fit its type is the
 * host's mistake and raises {@link IllegalArgumentException}; everything a guest can cause
 * traps.
 */
public final class Storing {
  private Storing() {}

  /** {@code store} for a type given as written. */
  public static void store(LiftLowerContext cx, Val v, ValType t, long ptr) {
    store(cx, v, AbiType.of(t), ptr);
  }

  /** {@code store}. The caller guarantees {@code ptr} is aligned and the value in bounds. */
  public static void store(LiftLowerContext cx, Val v, AbiType t, long ptr) {
    AbiMemory mem = cx.memory();
    int p = (int) ptr;
    switch (t) {
      case AbiType.Prim prim -> {
        switch (prim.kind()) {
          case BOOL -> mem.writeByte(p, (byte) (FlatLowering.bool(v, t) ? 1 : 0));
          case U8, S8 -> mem.writeByte(p, (byte) FlatLowering.int32(v, t));
          case U16, S16 -> mem.writeShort(p, (short) FlatLowering.int32(v, t));
          case U32, S32 -> mem.writeInt(p, FlatLowering.int32(v, t));
          case U64, S64 -> mem.writeLong(p, FlatLowering.int64(v, t));
          case F32 -> mem.writeInt(p, FlatLowering.encodeFloatAsI32(FlatLowering.f32(v, t)));
          case F64 -> mem.writeLong(p, FlatLowering.encodeFloatAsI64(FlatLowering.f64(v, t)));
          case CHAR -> mem.writeInt(p, FlatLowering.charToI32(v, t));
          default -> throw new IllegalStateException("not a scalar: " + prim.kind());
        }
      }
      case AbiType.Str s -> {
        if (!(v instanceof Val.Str str)) {
          throw Vals.mismatch(t, v, null);
        }
        Strings.storeString(cx, str, ptr);
      }
      case AbiType.ListT l -> storeList(cx, v, ptr, l);
      case AbiType.RecordT r -> storeRecord(cx, v, ptr, r);
      case AbiType.VariantT vt -> storeVariant(cx, v, ptr, vt);
      case AbiType.FlagsT f -> storeFlags(cx, v, ptr, f);
      case AbiType.HandleT h -> mem.writeInt(p, h.borrow()
          ? Handles.lowerBorrow(cx, v, h.resource())
          : Handles.lowerOwn(cx, v, h.resource()));
      case AbiType.AsyncT a -> throw Traps.trap(TrapKind.ASYNC_UNSUPPORTED, a.source() + " values need the async ABI");
    }
  }

  /** {@code store_list}. */
  static void storeList(LiftLowerContext cx, Val v, long ptr, AbiType.ListT l) {
    List<Val> es = Vals.listElements(v, l);
    if (l.isFixed()) {
      storeListIntoValidRange(cx, es, ptr, l.element());
      return;
    }
    long packed = storeListIntoRange(cx, es, l.element());
    AbiMemory mem = cx.memory();
    mem.writeInt((int) ptr, (int) (packed >>> 32));
    mem.writeInt((int) ptr + PTR_SIZE, (int) packed);
  }

  /** {@code store_list_into_range}: allocates, checks, stores; returns {@code ptr << 32 | length}. */
  public static long storeListIntoRange(LiftLowerContext cx, List<Val> es, AbiType e) {
    long byteLength = (long) es.size() * e.elemSize();
    long ptr = cx.allocate(e.alignment(), byteLength);
    checkListAllocation(cx, ptr, e.alignment(), byteLength);
    storeListIntoValidRange(cx, es, ptr, e);
    return ptr << 32 | es.size();
  }

  /** The {@code trap_if}s after a list allocation. */
  public static void checkListAllocation(LiftLowerContext cx, long ptr, int alignment, long byteLength) {
    checkAllocation(cx, ptr, alignment, byteLength, TrapKind.LIST_CONTENT_OUT_OF_BOUNDS, "wasm trap: list content out-of-bounds");
  }

  /**
   * The {@code trap_if}s after a list's or a string's allocation: alignment, then bounds. In an
   * adapter, out of bounds is reported as {@code outOfBounds} with {@code message}.
   */
  static void checkAllocation(LiftLowerContext cx, long ptr, int alignment, long byteLength, TrapKind outOfBounds, String message) {
    if (ptr % alignment != 0) {
      throw cx.adapter
          ? TrapException.withMessage(TrapKind.UNALIGNED_POINTER, "wasm trap: unaligned pointer")
          : Traps.trap(TrapKind.REALLOC_UNALIGNED);
    }
    if (ptr + byteLength > cx.memory().byteLength()) {
      throw cx.adapter ? TrapException.withMessage(outOfBounds, message) : Traps.trap(TrapKind.REALLOC_OUT_OF_BOUNDS);
    }
  }

  /** {@code store_list_into_valid_range}. */
  static void storeListIntoValidRange(LiftLowerContext cx, List<Val> es, long ptr, AbiType e) {
    int n = es.size();
    if (e instanceof AbiType.Prim prim && prim.elemSize() == 1 && n > 0) {
      byte[] bytes = new byte[n];
      for (int i = 0; i < n; i++) {
        Val x = es.get(i);
        bytes[i] = (byte) (prim.kind() == dev.trellis.engine.types.PrimType.BOOL
            ? (FlatLowering.bool(x, e) ? 1 : 0)
            : FlatLowering.int32(x, e));
      }
      cx.memory().write((int) ptr, bytes, 0, n);
      return;
    }
    int size = e.elemSize();
    for (int i = 0; i < n; i++) {
      store(cx, es.get(i), e, ptr + (long) i * size);
    }
  }

  /** {@code store_record}. */
  static void storeRecord(LiftLowerContext cx, Val v, long ptr, AbiType.RecordT r) {
    Val[] vs = Vals.recordFields(v, r);
    AbiType[] fields = r.fields();
    int[] offsets = r.offsets();
    for (int i = 0; i < fields.length; i++) {
      store(cx, vs[i], fields[i], ptr + offsets[i]);
    }
  }

  /** {@code store_variant}. */
  static void storeVariant(LiftLowerContext cx, Val v, long ptr, AbiType.VariantT t) {
    int c = Vals.caseIndex(v, t);
    AbiMemory mem = cx.memory();
    switch (t.discSize()) {
      case 1 -> mem.writeByte((int) ptr, (byte) c);
      case 2 -> mem.writeShort((int) ptr, (short) c);
      default -> mem.writeInt((int) ptr, c);
    }
    AbiType payload = t.payloads()[c];
    if (payload != null) {
      store(cx, Vals.payload(v), payload, ptr + t.payloadOffset());
    }
  }

  /** {@code store_flags}. */
  static void storeFlags(LiftLowerContext cx, Val v, long ptr, AbiType.FlagsT f) {
    int[] words = Vals.flagWords(v, f);
    AbiMemory mem = cx.memory();
    switch (f.elemSize()) {
      case 1 -> mem.writeByte((int) ptr, (byte) words[0]);
      case 2 -> mem.writeShort((int) ptr, (short) words[0]);
      default -> {
        for (int i = 0; i < words.length; i++) {
          mem.writeInt((int) ptr + 4 * i, words[i]);
        }
      }
    }
  }
}

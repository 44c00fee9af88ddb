package dev.trellis.engine.abi;

import dev.trellis.engine.error.TrapKind;
import dev.trellis.engine.runtime.Val;
import java.util.List;

/**
 * {@code lower_flat} and its helpers (<a href="../../../../../../../../shared/spec/component-model/CanonicalABI.md#flat-lowering">CanonicalABI.md#flat-lowering</a>):
 * turns a value into flat core values. NaNs are lowered as the canonical NaN (the
 * deterministic choice the spec allows for {@code maybe_scramble_nan}).
 */
public final class FlatLowering {
  private FlatLowering() {}

  /** {@code lower_flat}. */
  public static void lowerFlat(LiftLowerContext cx, Val v, AbiType t, CoreValueWriter out) {
    switch (t) {
      case AbiType.Prim prim -> {
        switch (prim.kind()) {
          case BOOL -> out.i32(bool(v, t) ? 1 : 0);
          case U8, U16, U32, S8, S16, S32 -> out.i32(int32(v, t));
          case U64, S64 -> out.i64(int64(v, t));
          case F32 -> out.f32(f32(v, t));
          case F64 -> out.f64(f64(v, t));
          case CHAR -> out.i32(charToI32(v, t));
          default -> throw new IllegalStateException("not a scalar: " + prim.kind());
        }
      }
      case AbiType.Str s -> {
        if (!(v instanceof Val.Str str)) {
          throw Vals.mismatch(t, v, null);
        }
        long packed = Strings.storeStringIntoRange(cx, str); // lower_flat_string
        out.i32((int) (packed >>> 32));
        out.i32((int) packed);
      }
      case AbiType.ListT l -> lowerFlatList(cx, v, l, out);
      case AbiType.RecordT r -> {
        Val[] vs = Vals.recordFields(v, r); // lower_flat_record
        AbiType[] fields = r.fields();
        for (int i = 0; i < fields.length; i++) {
          lowerFlat(cx, vs[i], fields[i], out);
        }
      }
      case AbiType.VariantT vt -> lowerFlatVariant(cx, v, vt, out);
      case AbiType.FlagsT f -> {
        for (int w : Vals.flagWords(v, f)) { // lower_flat_flags
          out.i32(w);
        }
      }
      case AbiType.HandleT h -> out.i32(h.borrow()
          ? Handles.lowerBorrow(cx, v, h.resource())
          : Handles.lowerOwn(cx, v, h.resource()));
      case AbiType.AsyncT a -> throw Traps.trap(TrapKind.ASYNC_UNSUPPORTED, a.source() + " values need the async ABI");
    }
  }

  /** {@code lower_flat_list}. */
  static void lowerFlatList(LiftLowerContext cx, Val v, AbiType.ListT l, CoreValueWriter out) {
    List<Val> es = Vals.listElements(v, l);
    if (l.isFixed()) {
      for (Val e : es) {
        lowerFlat(cx, e, l.element(), out);
      }
      return;
    }
    long packed = Storing.storeListIntoRange(cx, es, l.element());
    out.i32((int) (packed >>> 32));
    out.i32((int) packed);
  }

  /** {@code lower_flat_variant}: the case index, the payload, then zeros for the unused joined slots. */
  static void lowerFlatVariant(LiftLowerContext cx, Val v, AbiType.VariantT t, CoreValueWriter out) {
    int c = Vals.caseIndex(v, t);
    out.i32(c);
    AbiType payload = t.payloads()[c];
    int slots = t.flat().length - 1;
    if (payload != null) {
      lowerFlat(cx, Vals.payload(v), payload, out);
      slots -= payload.flat().length;
    }
    for (int i = 0; i < slots; i++) {
      out.i64(0);
    }
  }

  /** {@code encode_float_as_i32}: NaNs become the canonical NaN. */
  public static int encodeFloatAsI32(float f) {
    return Float.isNaN(f) ? FlatLifting.CANONICAL_FLOAT32_NAN : Float.floatToRawIntBits(f);
  }

  /** {@code encode_float_as_i64}: NaNs become the canonical NaN. */
  public static long encodeFloatAsI64(double d) {
    return Double.isNaN(d) ? FlatLifting.CANONICAL_FLOAT64_NAN : Double.doubleToRawLongBits(d);
  }

  static boolean bool(Val v, AbiType t) {
    if (v instanceof Val.Bool(boolean b)) {
      return b;
    }
    throw Vals.mismatch(t, v, null);
  }

  /** The 32-bit pattern of an integer value of at most 32 bits, checked against the type. */
  static int int32(Val v, AbiType t) {
    dev.trellis.engine.types.PrimType k = ((AbiType.Prim) t).kind();
    return switch (v) {
      case Val.U8(int x) when k == dev.trellis.engine.types.PrimType.U8 -> x;
      case Val.S8(byte x) when k == dev.trellis.engine.types.PrimType.S8 -> x;
      case Val.U16(int x) when k == dev.trellis.engine.types.PrimType.U16 -> x;
      case Val.S16(short x) when k == dev.trellis.engine.types.PrimType.S16 -> x;
      case Val.U32(long x) when k == dev.trellis.engine.types.PrimType.U32 -> (int) x;
      case Val.S32(int x) when k == dev.trellis.engine.types.PrimType.S32 -> x;
      default -> throw Vals.mismatch(t, v, null);
    };
  }

  static long int64(Val v, AbiType t) {
    dev.trellis.engine.types.PrimType k = ((AbiType.Prim) t).kind();
    return switch (v) {
      case Val.U64(long x) when k == dev.trellis.engine.types.PrimType.U64 -> x;
      case Val.S64(long x) when k == dev.trellis.engine.types.PrimType.S64 -> x;
      default -> throw Vals.mismatch(t, v, null);
    };
  }

  static float f32(Val v, AbiType t) {
    if (v instanceof Val.F32(float f)) {
      return f;
    }
    throw Vals.mismatch(t, v, null);
  }

  static double f64(Val v, AbiType t) {
    if (v instanceof Val.F64(double d)) {
      return d;
    }
    throw Vals.mismatch(t, v, null);
  }

  /** {@code char_to_i32}; a host value outside the scalar values is refused. */
  static int charToI32(Val v, AbiType t) {
    if (v instanceof Val.Char(int cp)) {
      if (cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        throw new IllegalArgumentException("not a Unicode scalar value: " + Integer.toHexString(cp));
      }
      return cp;
    }
    throw Vals.mismatch(t, v, null);
  }
}

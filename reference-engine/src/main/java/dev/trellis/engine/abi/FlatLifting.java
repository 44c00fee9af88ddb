package dev.trellis.engine.abi;

import dev.trellis.engine.error.TrapKind;
import dev.trellis.engine.runtime.Val;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code lift_flat} and its helpers (<a href="../../../../../../../../shared/spec/component-model/CanonicalABI.md#flat-lifting">CanonicalABI.md#flat-lifting</a>):
 * builds a value from flat core values.
 *
 * <p>Variant payloads need no {@code CoerceValueIter}: flat values are held as raw bits, so
 * reading an {@code f32} out of a slot joined to {@code i32} or {@code i64}, or an {@code i32}
 * out of an {@code i64} slot ({@code wrap_i64_to_i32}), is the same read of the low bits.
 */
public final class FlatLifting {
  private FlatLifting() {}

  /** {@code CANONICAL_FLOAT32_NAN}. */
  public static final int CANONICAL_FLOAT32_NAN = 0x7fc00000;
  /** {@code CANONICAL_FLOAT64_NAN}. */
  public static final long CANONICAL_FLOAT64_NAN = 0x7ff8000000000000L;

  /** {@code lift_flat}. */
  public static Val liftFlat(LiftLowerContext cx, CoreValueIter vi, AbiType t) {
    return switch (t) {
      case AbiType.Prim prim -> {
        long v = vi.next();
        yield switch (prim.kind()) {
          case BOOL -> new Val.Bool((int) v != 0);
          case U8 -> Vals.u8((int) v & 0xFF);
          case U16 -> new Val.U16((int) v & 0xFFFF);
          case U32 -> new Val.U32(v & 0xFFFF_FFFFL);
          case U64 -> new Val.U64(v);
          case S8 -> new Val.S8((byte) v);
          case S16 -> new Val.S16((short) v);
          case S32 -> new Val.S32((int) v);
          case S64 -> new Val.S64(v);
          case F32 -> new Val.F32(decodeI32AsFloat((int) v));
          case F64 -> new Val.F64(decodeI64AsFloat(v));
          case CHAR -> new Val.Char(convertI32ToChar((int) v));
          default -> throw new IllegalStateException("not a scalar: " + prim.kind());
        };
      }
      case AbiType.Str s -> liftFlatString(cx, vi);
      case AbiType.ListT l -> liftFlatList(cx, vi, l);
      case AbiType.RecordT r -> liftFlatRecord(cx, vi, r);
      case AbiType.VariantT v -> liftFlatVariant(cx, vi, v);
      case AbiType.FlagsT f -> liftFlatFlags(vi, f);
      case AbiType.HandleT h -> h.borrow()
          ? Handles.liftBorrow(cx, vi.next() & 0xFFFF_FFFFL, h.resource())
          : Handles.liftOwn(cx, vi.next() & 0xFFFF_FFFFL, h.resource());
      case AbiType.AsyncT a -> throw Traps.trap(TrapKind.ASYNC_UNSUPPORTED, a.source() + " values need the async ABI");
    };
  }

  /** {@code canonicalize_nan32} ∘ {@code core_f32_reinterpret_i32}. */
  public static float decodeI32AsFloat(int bits) {
    float f = Float.intBitsToFloat(bits);
    return Float.isNaN(f) ? Float.intBitsToFloat(CANONICAL_FLOAT32_NAN) : f;
  }

  /** {@code canonicalize_nan64} ∘ {@code core_f64_reinterpret_i64}. */
  public static double decodeI64AsFloat(long bits) {
    double d = Double.longBitsToDouble(bits);
    return Double.isNaN(d) ? Double.longBitsToDouble(CANONICAL_FLOAT64_NAN) : d;
  }

  /** {@code convert_i32_to_char}: traps outside the Unicode scalar values. */
  public static int convertI32ToChar(int i) {
    long u = i & 0xFFFF_FFFFL;
    if (u >= 0x110000 || (u >= 0xD800 && u <= 0xDFFF)) {
      throw Traps.trap(TrapKind.INVALID_CHAR);
    }
    return i;
  }

  /** {@code lift_flat_string}. */
  static Val liftFlatString(LiftLowerContext cx, CoreValueIter vi) {
    long ptr = vi.next() & 0xFFFF_FFFFL;
    long packedLength = vi.next() & 0xFFFF_FFFFL;
    return Strings.loadStringFromRange(cx, ptr, packedLength);
  }

  /** {@code lift_flat_list}. */
  static Val liftFlatList(LiftLowerContext cx, CoreValueIter vi, AbiType.ListT l) {
    if (l.isFixed()) {
      int n = (int) l.fixedLength();
      Val[] a = new Val[n];
      for (int i = 0; i < n; i++) {
        a[i] = liftFlat(cx, vi, l.element());
      }
      return Vals.listOf(a);
    }
    long ptr = vi.next() & 0xFFFF_FFFFL;
    long length = vi.next() & 0xFFFF_FFFFL;
    return Loading.loadListFromRange(cx, ptr, length, l);
  }

  /** {@code lift_flat_record}. */
  static Val liftFlatRecord(LiftLowerContext cx, CoreValueIter vi, AbiType.RecordT r) {
    AbiType[] fields = r.fields();
    Val[] vs = new Val[fields.length];
    for (int i = 0; i < fields.length; i++) {
      vs[i] = liftFlat(cx, vi, fields[i]);
    }
    return Vals.record(r, vs);
  }

  /** {@code lift_flat_variant}: traps on a bad discriminant; always consumes every joined slot. */
  static Val liftFlatVariant(LiftLowerContext cx, CoreValueIter vi, AbiType.VariantT v) {
    long caseIndex = vi.next() & 0xFFFF_FFFFL;
    if (caseIndex >= v.labels().length) {
      throw Traps.trap(TrapKind.INVALID_DISCRIMINANT);
    }
    int c = (int) caseIndex;
    AbiType payload = v.payloads()[c];
    int slots = v.flat().length - 1;
    Val value = null;
    if (payload != null) {
      value = liftFlat(cx, vi, payload);
      slots -= payload.flat().length;
    }
    vi.skip(slots);
    return Vals.variant(v, c, value);
  }

  /** {@code lift_flat_flags} (wider legacy flags take one {@code i32} per 32 labels). */
  static Val liftFlatFlags(CoreValueIter vi, AbiType.FlagsT f) {
    String[] labels = f.labels();
    List<String> set = new ArrayList<>();
    int words = Math.max(1, (labels.length + 31) / 32);
    for (int w = 0; w < words; w++) {
      int bits = (int) vi.next();
      for (int b = 0; b < 32 && w * 32 + b < labels.length; b++) {
        if ((bits >>> b & 1) != 0) {
          set.add(labels[w * 32 + b]);
        }
      }
    }
    return new Val.FlagsOf(set);
  }
}

package dev.trellis.engine.abi;

import static dev.trellis.engine.abi.CanonicalAbi.MAX_LIST_BYTE_LENGTH;
import static dev.trellis.engine.abi.CanonicalAbi.PTR_SIZE;

import dev.trellis.engine.error.TrapException;
import dev.trellis.engine.error.TrapKind;
import dev.trellis.engine.runtime.Val;
import dev.trellis.engine.types.ValType;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code load} and its helpers (<a href="../../../../../../../../shared/spec/component-model/CanonicalABI.md#loading">CanonicalABI.md#loading</a>):
 * reads a value of a type out of linear memory.
 */
public final class Loading {
  private Loading() {}

  /** {@code load} for a type given as written (compiles its layout; prefer the {@link AbiType} form). */
  public static Val load(LiftLowerContext cx, long ptr, ValType t) {
    return load(cx, ptr, AbiType.of(t));
  }

  /** {@code load}. The caller guarantees {@code ptr} is aligned and the value in bounds. */
  public static Val load(LiftLowerContext cx, long ptr, AbiType t) {
    AbiMemory mem = cx.memory();
    int p = (int) ptr;
    return switch (t) {
      case AbiType.Prim prim -> switch (prim.kind()) {
        case BOOL -> new Val.Bool(mem.readByte(p) != 0); // convert_int_to_bool
        case U8 -> new Val.U8(mem.readByte(p) & 0xFF);
        case U16 -> new Val.U16(mem.readShort(p) & 0xFFFF);
        case U32 -> new Val.U32(mem.readInt(p) & 0xFFFF_FFFFL);
        case U64 -> new Val.U64(mem.readLong(p));
        case S8 -> new Val.S8(mem.readByte(p));
        case S16 -> new Val.S16(mem.readShort(p));
        case S32 -> new Val.S32(mem.readInt(p));
        case S64 -> new Val.S64(mem.readLong(p));
        case F32 -> new Val.F32(FlatLifting.decodeI32AsFloat(mem.readInt(p)));
        case F64 -> new Val.F64(FlatLifting.decodeI64AsFloat(mem.readLong(p)));
        case CHAR -> new Val.Char(FlatLifting.convertI32ToChar(mem.readInt(p)));
        default -> throw new IllegalStateException("not a scalar: " + prim.kind());
      };
      case AbiType.Str s -> Strings.loadString(cx, ptr);
      case AbiType.ListT l -> loadList(cx, ptr, l);
      case AbiType.RecordT r -> loadRecord(cx, ptr, r);
      case AbiType.VariantT v -> loadVariant(cx, ptr, v);
      case AbiType.FlagsT f -> loadFlags(cx, ptr, f);
      case AbiType.HandleT h -> h.borrow()
          ? Handles.liftBorrow(cx, mem.readInt(p) & 0xFFFF_FFFFL, h.resource())
          : Handles.liftOwn(cx, mem.readInt(p) & 0xFFFF_FFFFL, h.resource());
      case AbiType.AsyncT a -> throw Traps.trap(TrapKind.ASYNC_UNSUPPORTED, a.source() + " values need the async ABI");
    };
  }

  /** {@code load_list}. */
  static Val loadList(LiftLowerContext cx, long ptr, AbiType.ListT l) {
    if (l.isFixed()) {
      return loadListFromValidRange(cx, ptr, l.fixedLength(), l);
    }
    AbiMemory mem = cx.memory();
    long begin = mem.readInt((int) ptr) & 0xFFFF_FFFFL;
    long length = mem.readInt((int) ptr + PTR_SIZE) & 0xFFFF_FFFFL;
    return loadListFromRange(cx, begin, length, l);
  }

  /** {@code load_list_from_range}: the length, alignment and bounds checks, then the elements. */
  public static Val loadListFromRange(LiftLowerContext cx, long ptr, long length, AbiType.ListT l) {
    AbiType e = l.element();
    long byteLength = length * e.elemSize();
    if (byteLength > MAX_LIST_BYTE_LENGTH) {
      throw Traps.trap(TrapKind.LIST_TOO_LONG);
    }
    if (ptr % e.alignment() != 0) {
      throw Traps.trap(TrapKind.UNALIGNED_POINTER);
    }
    if (ptr + byteLength > cx.memory().byteLength()) {
      throw cx.adapter
          ? TrapException.withMessage(TrapKind.LIST_CONTENT_OUT_OF_BOUNDS, "list content out-of-bounds")
          : Traps.trap(TrapKind.LIST_OUT_OF_BOUNDS);
    }
    return loadListFromValidRange(cx, ptr, length, l);
  }

  /** {@code load_list_from_valid_range}. */
  static Val loadListFromValidRange(LiftLowerContext cx, long ptr, long length, AbiType.ListT l) {
    AbiType e = l.element();
    int n = (int) length;
    Val[] a = new Val[n];
    if (e instanceof AbiType.Prim prim && prim.elemSize() == 1 && n > 0) {
      byte[] bytes = cx.memory().readBytes((int) ptr, n);
      for (int i = 0; i < n; i++) {
        a[i] = switch (prim.kind()) {
          case U8 -> Vals.u8(bytes[i] & 0xFF);
          case S8 -> new Val.S8(bytes[i]);
          default -> new Val.Bool(bytes[i] != 0);
        };
      }
    } else {
      for (int i = 0; i < n; i++) {
        a[i] = load(cx, ptr + (long) i * e.elemSize(), e);
      }
    }
    return Vals.listOf(a);
  }

  /** {@code load_record}. */
  static Val loadRecord(LiftLowerContext cx, long ptr, AbiType.RecordT r) {
    AbiType[] fields = r.fields();
    int[] offsets = r.offsets();
    Val[] vs = new Val[fields.length];
    for (int i = 0; i < fields.length; i++) {
      vs[i] = load(cx, ptr + offsets[i], fields[i]);
    }
    return Vals.record(r, vs);
  }

  /** {@code load_variant}: traps on a discriminant past the last case. */
  static Val loadVariant(LiftLowerContext cx, long ptr, AbiType.VariantT v) {
    AbiMemory mem = cx.memory();
    long caseIndex = switch (v.discSize()) {
      case 1 -> mem.readByte((int) ptr) & 0xFF;
      case 2 -> mem.readShort((int) ptr) & 0xFFFF;
      default -> mem.readInt((int) ptr) & 0xFFFF_FFFFL;
    };
    if (caseIndex >= v.labels().length) {
      throw Traps.trap(TrapKind.INVALID_DISCRIMINANT);
    }
    int c = (int) caseIndex;
    AbiType payload = v.payloads()[c];
    Val value = payload == null ? null : load(cx, ptr + v.payloadOffset(), payload);
    return Vals.variant(v, c, value);
  }

  /** {@code load_flags} / {@code unpack_flags_from_int}: bits past the last label are ignored. */
  static Val loadFlags(LiftLowerContext cx, long ptr, AbiType.FlagsT f) {
    AbiMemory mem = cx.memory();
    String[] labels = f.labels();
    List<String> set = new ArrayList<>();
    if (labels.length <= 32) {
      long bits = switch (f.elemSize()) {
        case 1 -> mem.readByte((int) ptr) & 0xFF;
        case 2 -> mem.readShort((int) ptr) & 0xFFFF;
        default -> mem.readInt((int) ptr) & 0xFFFF_FFFFL;
      };
      for (int i = 0; i < labels.length; i++) {
        if ((bits >>> i & 1) != 0) {
          set.add(labels[i]);
        }
      }
    } else {
      for (int i = 0; i < labels.length; i++) {
        int word = mem.readInt((int) ptr + 4 * (i / 32));
        if ((word >>> (i % 32) & 1) != 0) {
          set.add(labels[i]);
        }
      }
    }
    return new Val.FlagsOf(set);
  }
}

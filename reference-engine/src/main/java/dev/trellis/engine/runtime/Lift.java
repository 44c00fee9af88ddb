package dev.trellis.engine.runtime;

import dev.trellis.engine.abi.AbiType;
import dev.trellis.engine.abi.CoreValueIter;
import dev.trellis.engine.abi.FlatLifting;
import dev.trellis.engine.abi.LiftLowerContext;
import dev.trellis.engine.abi.Loading;
import dev.trellis.engine.abi.Strings;
import dev.trellis.engine.error.TrapException;
import dev.trellis.engine.error.TrapKind;
import dev.trellis.engine.types.ListType;
import dev.trellis.engine.types.PrimType;
import dev.trellis.engine.types.TupleType;
import dev.trellis.engine.types.ValType;
import java.util.ArrayList;
import java.util.List;

/**
 * Lifts a guest value of one component value type into a Java {@code T}: from flat core values
 * ({@code lift_flat}) or linear memory ({@code load}), with no {@link Val} in between.
 */
public interface Lift<T> {
  /** The component value type this lifts; null for "no result". */
  ValType type();

  /** {@code lift_flat}. */
  T liftFlat(LiftLowerContext cx, CoreValueIter vi);

  /** {@code load} from an aligned, in-bounds {@code ptr}. */
  T load(LiftLowerContext cx, long ptr);

  /** A function without a result: lifts nothing, returns null. */
  static Lift<Void> none() {
    return new Lift<>() {
      @Override
      public ValType type() {
        return null;
      }

      @Override
      public Void liftFlat(LiftLowerContext cx, CoreValueIter vi) {
        return null;
      }

      @Override
      public Void load(LiftLowerContext cx, long ptr) {
        return null;
      }
    };
  }

  static Lift<Boolean> bool() {
    return new Prim<>(PrimType.BOOL) {
      @Override
      Boolean of(long bits) {
        return (int) bits != 0;
      }
    };
  }

  /** {@code u32} as the low 32 bits of an {@code int}. */
  static Lift<Integer> u32() {
    return int32(PrimType.U32);
  }

  static Lift<Integer> s32() {
    return int32(PrimType.S32);
  }

  private static Lift<Integer> int32(PrimType p) {
    return new Prim<>(p) {
      @Override
      Integer of(long bits) {
        return (int) bits;
      }
    };
  }

  static Lift<Long> u64() {
    return int64(PrimType.U64);
  }

  static Lift<Long> s64() {
    return int64(PrimType.S64);
  }

  private static Lift<Long> int64(PrimType p) {
    return new Prim<>(p) {
      @Override
      Long of(long bits) {
        return bits;
      }
    };
  }

  static Lift<Double> f64() {
    return new Prim<>(PrimType.F64) {
      @Override
      Double of(long bits) {
        return FlatLifting.decodeI64AsFloat(bits);
      }
    };
  }

  /** {@code string}. */
  static Lift<String> string() {
    return new Lift<>() {
      @Override
      public ValType type() {
        return PrimType.STRING;
      }

      @Override
      public String liftFlat(LiftLowerContext cx, CoreValueIter vi) {
        long ptr = vi.next() & 0xFFFF_FFFFL;
        long units = vi.next() & 0xFFFF_FFFFL;
        return Strings.loadJavaString(cx, ptr, units);
      }

      @Override
      public String load(LiftLowerContext cx, long ptr) {
        long p = cx.memory().readInt((int) ptr) & 0xFFFF_FFFFL;
        long units = cx.memory().readInt((int) ptr + 4) & 0xFFFF_FFFFL;
        return Strings.loadJavaString(cx, p, units);
      }
    };
  }

  /** {@code list<u8>} into a byte array. */
  static Lift<byte[]> bytes() {
    return new Lift<byte[]>() {
      @Override
      public ValType type() {
        return new ListType(PrimType.U8);
      }

      byte[] range(LiftLowerContext cx, long ptr, long length) {
        if (length > dev.trellis.engine.abi.CanonicalAbi.MAX_LIST_BYTE_LENGTH) {
          throw new TrapException(TrapKind.LIST_TOO_LONG);
        }
        if (ptr + length > cx.memory().byteLength()) {
          throw new TrapException(TrapKind.LIST_OUT_OF_BOUNDS);
        }
        return cx.memory().readBytes((int) ptr, (int) length);
      }

      @Override
      public byte[] liftFlat(LiftLowerContext cx, CoreValueIter vi) {
        long ptr = vi.next() & 0xFFFF_FFFFL;
        return range(cx, ptr, vi.next() & 0xFFFF_FFFFL);
      }

      @Override
      public byte[] load(LiftLowerContext cx, long ptr) {
        long p = cx.memory().readInt((int) ptr) & 0xFFFF_FFFFL;
        return range(cx, p, cx.memory().readInt((int) ptr + 4) & 0xFFFF_FFFFL);
      }
    };
  }

  /** A host function's single parameter. */
  static <A> Lift<A> params(Lift<A> a) {
    return new Params<>(List.of(a)) {
      @Override
      A make(Object[] v) {
        @SuppressWarnings("unchecked")
        A x = (A) v[0];
        return x;
      }
    };
  }

  /** A host function without parameters. */
  static Lift<Void> params() {
    return new Params<>(List.of()) {
      @Override
      Void make(Object[] v) {
        return null;
      }
    };
  }

  /** Two parameters, as a {@link Lower.Tuple2}. */
  static <A, B> Lift<Lower.Tuple2<A, B>> params(Lift<A> a, Lift<B> b) {
    return new Params<>(List.of(a, b)) {
      @Override
      @SuppressWarnings("unchecked")
      Lower.Tuple2<A, B> make(Object[] v) {
        return new Lower.Tuple2<>((A) v[0], (B) v[1]);
      }
    };
  }

  /** Three parameters, as a {@link Lower.Tuple3}. */
  static <A, B, C> Lift<Lower.Tuple3<A, B, C>> params(Lift<A> a, Lift<B> b, Lift<C> c) {
    return new Params<>(List.of(a, b, c)) {
      @Override
      @SuppressWarnings("unchecked")
      Lower.Tuple3<A, B, C> make(Object[] v) {
        return new Lower.Tuple3<>((A) v[0], (B) v[1], (C) v[2]);
      }
    };
  }

  /**
   * The parameter list of a host function: lifted flat one after the other, or loaded from the
   * spilled tuple.
   */
  abstract class Params<P> implements Lift<P> {
    private final List<Lift<?>> parts;
    private final TupleType type;
    private final int[] offsets;

    Params(List<Lift<?>> parts) {
      this.parts = parts;
      List<ValType> ts = new ArrayList<>();
      for (Lift<?> l : parts) {
        ts.add(l.type());
      }
      this.type = new TupleType(ts);
      this.offsets = ts.isEmpty() ? new int[0] : ((AbiType.RecordT) AbiType.of(type)).offsets();
    }

    abstract P make(Object[] values);

    /** The parameter types, in order. */
    public List<ValType> types() {
      return type.types();
    }

    @Override
    public ValType type() {
      return type;
    }

    @Override
    public P liftFlat(LiftLowerContext cx, CoreValueIter vi) {
      if (parts.isEmpty()) {
        return make(null);
      }
      Object[] v = new Object[parts.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = parts.get(i).liftFlat(cx, vi);
      }
      return make(v);
    }

    @Override
    public P load(LiftLowerContext cx, long ptr) {
      Object[] v = new Object[parts.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = parts.get(i).load(cx, ptr + offsets[i]);
      }
      return make(v);
    }
  }

  /** A scalar: one flat value, loaded at its natural width (as {@link Lower.Prim} stores it). */
  abstract class Prim<T> implements Lift<T> {
    private final PrimType type;
    private final int size;

    Prim(PrimType type) {
      this.type = type;
      this.size = AbiType.of(type).elemSize();
    }

    /** The value of the flat core value {@code bits} (a narrower load sign-extended into it). */
    abstract T of(long bits);

    @Override
    public ValType type() {
      return type;
    }

    @Override
    public T liftFlat(LiftLowerContext cx, CoreValueIter vi) {
      return of(vi.next());
    }

    @Override
    public T load(LiftLowerContext cx, long ptr) {
      return of(switch (size) {
        case 1 -> cx.memory().readByte((int) ptr);
        case 2 -> cx.memory().readShort((int) ptr);
        case 4 -> cx.memory().readInt((int) ptr);
        default -> cx.memory().readLong((int) ptr);
      });
    }
  }

  /** Any type, as a dynamic {@link Val}. */
  static Lift<Val> val(ValType t) {
    AbiType at = AbiType.of(t);
    return new Lift<>() {
      @Override
      public ValType type() {
        return t;
      }

      @Override
      public Val liftFlat(LiftLowerContext cx, CoreValueIter vi) {
        return FlatLifting.liftFlat(cx, vi, at);
      }

      @Override
      public Val load(LiftLowerContext cx, long ptr) {
        return Loading.load(cx, ptr, at);
      }
    };
  }
}

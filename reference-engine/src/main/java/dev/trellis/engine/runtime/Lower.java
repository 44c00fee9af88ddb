package dev.trellis.engine.runtime;

import dev.trellis.engine.abi.AbiType;
import dev.trellis.engine.abi.CoreValueWriter;
import dev.trellis.engine.abi.FlatLowering;
import dev.trellis.engine.abi.LiftLowerContext;
import dev.trellis.engine.abi.Storing;
import dev.trellis.engine.abi.Strings;
import dev.trellis.engine.types.ListType;
import dev.trellis.engine.types.PrimType;
import dev.trellis.engine.types.TupleType;
import dev.trellis.engine.types.ValType;
import java.util.ArrayList;
import java.util.List;

/**
 * Lowers Java values of type {@code T} into a guest, for one component value type: straight
 * into flat core values ({@code lower_flat}) or linear memory ({@code store}), with no
 * {@link Val} in between. {@link #params} combines one per parameter for a {@link TypedFunc}.
 */
public interface Lower<T> {
  /** The component value type this lowers. */
  ValType type();

  /** {@code lower_flat}. */
  void lowerFlat(LiftLowerContext cx, T value, CoreValueWriter out);

  /** {@code store} at an aligned, in-bounds {@code ptr}. */
  void store(LiftLowerContext cx, T value, long ptr);

  static Lower<Boolean> bool() {
    return new Prim<>(PrimType.BOOL) {
      @Override
      long bits(Boolean v) {
        return v ? 1 : 0;
      }
    };
  }

  static Lower<Integer> u8() {
    return intLike(PrimType.U8);
  }

  static Lower<Integer> u16() {
    return intLike(PrimType.U16);
  }

  static Lower<Integer> s32() {
    return intLike(PrimType.S32);
  }

  /** {@code u32}, from the low 32 bits of an {@code int} (so {@code -1} is {@code 4294967295}). */
  static Lower<Integer> u32() {
    return intLike(PrimType.U32);
  }

  static Lower<Long> s64() {
    return int64(PrimType.S64);
  }

  static Lower<Long> u64() {
    return int64(PrimType.U64);
  }

  static Lower<Float> f32() {
    return new Prim<>(PrimType.F32) {
      @Override
      long bits(Float v) {
        return FlatLowering.encodeFloatAsI32(v) & 0xFFFF_FFFFL;
      }
    };
  }

  static Lower<Double> f64() {
    return new Prim<>(PrimType.F64) {
      @Override
      long bits(Double v) {
        return FlatLowering.encodeFloatAsI64(v);
      }
    };
  }

  private static Lower<Integer> intLike(PrimType p) {
    return new Prim<>(p) {
      @Override
      long bits(Integer v) {
        return v & 0xFFFF_FFFFL;
      }
    };
  }

  private static Lower<Long> int64(PrimType p) {
    return new Prim<>(p) {
      @Override
      long bits(Long v) {
        return v;
      }
    };
  }

  /** {@code string}. */
  static Lower<String> string() {
    return new Lower<>() {
      @Override
      public ValType type() {
        return PrimType.STRING;
      }

      @Override
      public void lowerFlat(LiftLowerContext cx, String v, CoreValueWriter out) {
        long packed = Strings.storeHostString(cx, v);
        out.i32((int) (packed >>> 32));
        out.i32((int) packed);
      }

      @Override
      public void store(LiftLowerContext cx, String v, long ptr) {
        long packed = Strings.storeHostString(cx, v);
        cx.memory().writeInt((int) ptr, (int) (packed >>> 32));
        cx.memory().writeInt((int) ptr + 4, (int) packed);
      }
    };
  }

  /** {@code list<u8>} from a byte array. */
  static Lower<byte[]> bytes() {
    return new Lower<byte[]>() {
      @Override
      public ValType type() {
        return new ListType(PrimType.U8);
      }

      long storeBytes(LiftLowerContext cx, byte[] v) {
        long ptr = cx.allocate(1, v.length);
        Storing.checkListAllocation(cx, ptr, 1, v.length);
        cx.memory().write((int) ptr, v, 0, v.length);
        return ptr;
      }

      @Override
      public void lowerFlat(LiftLowerContext cx, byte[] v, CoreValueWriter out) {
        out.i32((int) storeBytes(cx, v));
        out.i32(v.length);
      }

      @Override
      public void store(LiftLowerContext cx, byte[] v, long ptr) {
        cx.memory().writeInt((int) ptr, (int) storeBytes(cx, v));
        cx.memory().writeInt((int) ptr + 4, v.length);
      }
    };
  }

  /** Any type, from a dynamic {@link Val}. */
  static Lower<Val> val(ValType t) {
    AbiType at = AbiType.of(t);
    return new Lower<>() {
      @Override
      public ValType type() {
        return t;
      }

      @Override
      public void lowerFlat(LiftLowerContext cx, Val v, CoreValueWriter out) {
        FlatLowering.lowerFlat(cx, v, at, out);
      }

      @Override
      public void store(LiftLowerContext cx, Val v, long ptr) {
        Storing.store(cx, v, at, ptr);
      }
    };
  }

  /** A function without parameters. */
  static Lower<Void> params() {
    return new Params<>(List.of()) {
      @Override
      Object get(Void p, int i) {
        throw new IndexOutOfBoundsException();
      }
    };
  }

  /** A function's single parameter. */
  static <A> Lower<A> params(Lower<A> a) {
    return new Params<>(List.of(a)) {
      @Override
      Object get(A p, int i) {
        return p;
      }
    };
  }

  /** Two parameters, passed as a {@link Tuple2}. */
  static <A, B> Lower<Tuple2<A, B>> params(Lower<A> a, Lower<B> b) {
    return new Params<>(List.of(a, b)) {
      @Override
      Object get(Tuple2<A, B> p, int i) {
        return i == 0 ? p.a() : p.b();
      }
    };
  }

  /** Three parameters, passed as a {@link Tuple3}. */
  static <A, B, C> Lower<Tuple3<A, B, C>> params(Lower<A> a, Lower<B> b, Lower<C> c) {
    return new Params<>(List.of(a, b, c)) {
      @Override
      Object get(Tuple3<A, B, C> p, int i) {
        return i == 0 ? p.a() : i == 1 ? p.b() : p.c();
      }
    };
  }

  record Tuple2<A, B>(A a, B b) {}

  record Tuple3<A, B, C>(A a, B b, C c) {}

  /** A scalar: one flat value, stored at its natural width. */
  abstract class Prim<T> implements Lower<T> {
    private final PrimType type;
    private final int size;

    Prim(PrimType type) {
      this.type = type;
      this.size = AbiType.of(type).elemSize();
    }

    abstract long bits(T v);

    @Override
    public ValType type() {
      return type;
    }

    @Override
    public void lowerFlat(LiftLowerContext cx, T v, CoreValueWriter out) {
      out.i64(bits(v));
    }

    @Override
    public void store(LiftLowerContext cx, T v, long ptr) {
      long b = bits(v);
      switch (size) {
        case 1 -> cx.memory().writeByte((int) ptr, (byte) b);
        case 2 -> cx.memory().writeShort((int) ptr, (short) b);
        case 4 -> cx.memory().writeInt((int) ptr, (int) b);
        default -> cx.memory().writeLong((int) ptr, b);
      }
    }
  }

  /**
   * The parameter list of a function: its {@link #type()} is the tuple of the parameter types,
   * lowered flat one after the other, or stored as that tuple when they spill.
   */
  abstract class Params<P> implements Lower<P> {
    private final List<Lower<?>> parts;
    private final TupleType type;
    private final int[] offsets;

    Params(List<Lower<?>> parts) {
      this.parts = parts;
      List<ValType> ts = new ArrayList<>();
      for (Lower<?> l : parts) {
        ts.add(l.type());
      }
      this.type = new TupleType(ts);
      this.offsets = ts.isEmpty() ? new int[0] : ((AbiType.RecordT) AbiType.of(type)).offsets();
    }

    abstract Object get(P p, int i);

    /** The parameter types, in order. */
    public List<ValType> types() {
      return type.types();
    }

    @Override
    public ValType type() {
      return type;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void lowerFlat(LiftLowerContext cx, P p, CoreValueWriter out) {
      for (int i = 0; i < parts.size(); i++) {
        ((Lower<Object>) parts.get(i)).lowerFlat(cx, get(p, i), out);
      }
    }

    @Override
    @SuppressWarnings("unchecked")
    public void store(LiftLowerContext cx, P p, long ptr) {
      for (int i = 0; i < parts.size(); i++) {
        ((Lower<Object>) parts.get(i)).store(cx, get(p, i), ptr + offsets[i]);
      }
    }
  }
}

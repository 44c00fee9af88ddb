package dev.trellis.engine.wasi;

import dev.trellis.engine.runtime.ResourceHandle;
import dev.trellis.engine.runtime.Val;
import dev.trellis.engine.types.ResourceType;
import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/** Building and reading the {@link Val}s that cross the WASI host boundary. */
final class V {
  private V() {}

  private static final Val.U8[] U8S = new Val.U8[256];

  static {
    for (int i = 0; i < 256; i++) {
      U8S[i] = new Val.U8(i);
    }
  }

  static final Val UNIT_OK = new Val.ResultOf(true, null);
  static final Val UNIT_ERR = new Val.ResultOf(false, null);
  static final Val NONE = Val.OptionOf.NONE;
  static final Val TRUE = new Val.Bool(true);
  static final Val FALSE = new Val.Bool(false);

  // ------------------------------------------------------------------ making values

  static Val ok(Val v) {
    return new Val.ResultOf(true, v);
  }

  static Val err(Val v) {
    return new Val.ResultOf(false, v);
  }

  static Val some(Val v) {
    return new Val.OptionOf(v);
  }

  static Val option(Val v) {
    return v == null ? NONE : new Val.OptionOf(v);
  }

  static Val bool(boolean b) {
    return b ? TRUE : FALSE;
  }

  static Val u8(int v) {
    return U8S[v & 0xff];
  }

  static Val u16(int v) {
    return new Val.U16(v & 0xffff);
  }

  static Val u32(long v) {
    return new Val.U32(v & 0xffff_ffffL);
  }

  static Val s32(int v) {
    return new Val.S32(v);
  }

  static Val u64(long v) {
    return new Val.U64(v);
  }

  static Val str(String s) {
    return new Val.Str(s);
  }

  static Val enumOf(String c) {
    return new Val.EnumOf(c);
  }

  static Val variant(String c) {
    return new Val.VariantOf(c, null);
  }

  static Val variant(String c, Val payload) {
    return new Val.VariantOf(c, payload);
  }

  static Val tuple(Val... vs) {
    return new Val.TupleOf(Arrays.asList(vs));
  }

  static Val list(List<Val> vs) {
    return new Val.ListOf(vs);
  }

  /** A record from alternating label, value arguments. */
  static Val record(Object... labelsAndValues) {
    List<Val.Field> fs = new ArrayList<>(labelsAndValues.length / 2);
    for (int i = 0; i < labelsAndValues.length; i += 2) {
      fs.add(new Val.Field((String) labelsAndValues[i], (Val) labelsAndValues[i + 1]));
    }
    return new Val.RecordOf(fs);
  }

  static Val flags(List<String> names) {
    return new Val.FlagsOf(names);
  }

  /** {@code list<u8>} without a {@link Val} per byte (the 256 {@code u8}s are shared). */
  static Val bytes(byte[] b) {
    return bytes(b, 0, b.length);
  }

  static Val bytes(byte[] b, int off, int len) {
    return new Val.ListOf(new ByteList(b, off, len));
  }

  static Val own(ResourceType t, int rep) {
    return new Val.Own(ResourceHandle.own(t, rep));
  }

  static Val borrow(ResourceType t, int rep) {
    return new Val.Borrow(ResourceHandle.borrow(t, rep));
  }

  /** A datetime record. */
  static Val datetime(long seconds, int nanos) {
    return record("seconds", u64(seconds), "nanoseconds", u32(nanos));
  }

  // ------------------------------------------------------------------ reading values

  static long u64(Val v) {
    return switch (v) {
      case Val.U64 u -> u.bits();
      case Val.U32 u -> u.value();
      case Val.S64 s -> s.value();
      default -> throw type("u64", v);
    };
  }

  static long u32(Val v) {
    return switch (v) {
      case Val.U32 u -> u.value();
      default -> throw type("u32", v);
    };
  }

  static int u16(Val v) {
    return switch (v) {
      case Val.U16 u -> u.value();
      default -> throw type("u16", v);
    };
  }

  static int u8(Val v) {
    return switch (v) {
      case Val.U8 u -> u.value();
      default -> throw type("u8", v);
    };
  }

  static boolean bool(Val v) {
    return switch (v) {
      case Val.Bool b -> b.value();
      default -> throw type("bool", v);
    };
  }

  static String str(Val v) {
    return switch (v) {
      case Val.Str s -> s.value();
      default -> throw type("string", v);
    };
  }

  static List<Val> list(Val v) {
    return switch (v) {
      case Val.ListOf l -> l.elements();
      default -> throw type("list", v);
    };
  }

  static byte[] bytes(Val v) {
    List<Val> es = list(v);
    byte[] out = new byte[es.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) ((Val.U8) es.get(i)).value();
    }
    return out;
  }

  /** The representation of a resource handle argument (own or borrow). */
  static int rep(Val v) {
    return switch (v) {
      case Val.Own o -> o.handle().rep();
      case Val.Borrow b -> b.handle().rep();
      default -> throw type("handle", v);
    };
  }

  /** The case name of an enum or variant value. */
  static String caseOf(Val v) {
    return switch (v) {
      case Val.EnumOf e -> e.caseName();
      case Val.VariantOf c -> c.caseName();
      default -> throw type("variant", v);
    };
  }

  static Val payload(Val v) {
    return switch (v) {
      case Val.VariantOf c -> c.payload();
      default -> throw type("variant", v);
    };
  }

  /** The value inside an option, or null for none. */
  static Val opt(Val v) {
    return switch (v) {
      case Val.OptionOf o -> o.value();
      default -> throw type("option", v);
    };
  }

  static List<String> flags(Val v) {
    return switch (v) {
      case Val.FlagsOf f -> f.names();
      default -> throw type("flags", v);
    };
  }

  static Val field(Val record, String name) {
    if (record instanceof Val.RecordOf r) {
      for (Val.Field f : r.fields()) {
        if (f.name().equals(name)) {
          return f.value();
        }
      }
      throw new IllegalArgumentException("record has no field " + name);
    }
    throw type("record", record);
  }

  static List<Val> tupleElems(Val v) {
    return switch (v) {
      case Val.TupleOf t -> t.elements();
      default -> throw type("tuple", v);
    };
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  private static IllegalArgumentException type(String want, Val got) {
    return new IllegalArgumentException("expected a " + want + " value, got " + got);
  }

  /**
   * A {@code List<Val>} view of bytes as {@code u8}s ({@link Val.ListOf} copies it into an
   * array of references to the shared {@code u8}s, never a new object per byte).
   */
  static final class ByteList extends AbstractList<Val> implements RandomAccess {
    private final byte[] b;
    private final int off;
    private final int len;

    ByteList(byte[] b, int off, int len) {
      this.b = b;
      this.off = off;
      this.len = len;
    }

    @Override
    public Val get(int i) {
      if (i < 0 || i >= len) {
        throw new IndexOutOfBoundsException(i);
      }
      return U8S[b[off + i] & 0xff];
    }

    @Override
    public int size() {
      return len;
    }

    @Override
    public Object[] toArray() {
      Object[] out = new Object[len];
      for (int i = 0; i < len; i++) {
        out[i] = U8S[b[off + i] & 0xff];
      }
      return out;
    }
  }
}

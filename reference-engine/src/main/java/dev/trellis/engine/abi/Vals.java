package dev.trellis.engine.abi;

import dev.trellis.engine.runtime.Val;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Building and taking apart {@link Val}s in the shape of an {@link AbiType}. */
final class Vals {
  private Vals() {}

  private static final Val.U8[] U8S = new Val.U8[256];

  static {
    for (int i = 0; i < 256; i++) {
      U8S[i] = new Val.U8(i);
    }
  }

  static Val.U8 u8(int v) {
    return U8S[v];
  }

  static Val listOf(Val[] a) {
    return new Val.ListOf(Arrays.asList(a));
  }

  static Val record(AbiType.RecordT r, Val[] vs) {
    if (r.shape() == AbiType.Shape.TUPLE) {
      return new Val.TupleOf(Arrays.asList(vs));
    }
    List<Val.Field> fields = new ArrayList<>(vs.length);
    String[] labels = r.labels();
    for (int i = 0; i < vs.length; i++) {
      fields.add(new Val.Field(labels[i], vs[i]));
    }
    return new Val.RecordOf(fields);
  }

  static Val variant(AbiType.VariantT v, int c, Val payload) {
    return switch (v.shape()) {
      case ENUM -> new Val.EnumOf(v.labels()[c]);
      case OPTION -> c == 0 ? Val.OptionOf.NONE : new Val.OptionOf(payload);
      case RESULT -> new Val.ResultOf(c == 0, payload);
      default -> new Val.VariantOf(v.labels()[c], payload);
    };
  }

  /** The elements of a list value (a {@code ListOf}). */
  static List<Val> listElements(Val v, AbiType.ListT l) {
    if (v instanceof Val.ListOf(List<Val> es)) {
      if (l.isFixed() && es.size() != l.fixedLength()) {
        throw mismatch(l, v, "list of length " + es.size());
      }
      return es;
    }
    throw mismatch(l, v, null);
  }

  /** The field values of a record or tuple value, in the type's field order. */
  static Val[] recordFields(Val v, AbiType.RecordT r) {
    String[] labels = r.labels();
    Val[] out = new Val[labels.length];
    switch (v) {
      case Val.TupleOf(List<Val> es) -> {
        if (es.size() != labels.length) {
          throw mismatch(r, v, "tuple of " + es.size());
        }
        for (int i = 0; i < out.length; i++) {
          out[i] = es.get(i);
        }
      }
      case Val.RecordOf(List<Val.Field> fs) -> {
        if (fs.size() != labels.length) {
          throw mismatch(r, v, "record of " + fs.size() + " fields");
        }
        for (int i = 0; i < out.length; i++) {
          Val.Field f = fs.get(i);
          if (!f.name().equals(labels[i])) {
            f = null;
            for (Val.Field g : fs) {
              if (g.name().equals(labels[i])) {
                f = g;
              }
            }
            if (f == null) {
              throw mismatch(r, v, "no field " + labels[i]);
            }
          }
          out[i] = f.value();
        }
      }
      default -> throw mismatch(r, v, null);
    }
    return out;
  }

  /** {@code match_case}: the case index of a variant-like value. */
  static int caseIndex(Val v, AbiType.VariantT t) {
    int c = switch (v) {
      case Val.EnumOf(String name) -> t.shape() == AbiType.Shape.ENUM ? t.caseIndex(name) : -1;
      case Val.OptionOf o -> t.shape() == AbiType.Shape.OPTION ? (o.isSome() ? 1 : 0) : -1;
      case Val.ResultOf r -> t.shape() == AbiType.Shape.RESULT ? (r.isOk() ? 0 : 1) : -1;
      case Val.VariantOf(String name, Val payload) -> t.caseIndex(name);
      default -> -1;
    };
    if (c < 0) {
      throw mismatch(t, v, null);
    }
    boolean hasType = t.payloads()[c] != null;
    boolean hasValue = payload(v) != null;
    if (hasType != hasValue) {
      throw mismatch(t, v, hasType ? "case " + t.labels()[c] + " needs a payload" : "case " + t.labels()[c] + " has no payload");
    }
    return c;
  }

  static Val payload(Val v) {
    return switch (v) {
      case Val.OptionOf o -> o.value();
      case Val.ResultOf r -> r.payload();
      case Val.VariantOf vo -> vo.payload();
      default -> null;
    };
  }

  /** {@code pack_flags_into_int} over 32-bit words. */
  static int[] flagWords(Val v, AbiType.FlagsT f) {
    if (!(v instanceof Val.FlagsOf(List<String> names))) {
      throw mismatch(f, v, null);
    }
    String[] labels = f.labels();
    int[] words = new int[Math.max(1, (labels.length + 31) / 32)];
    outer:
    for (String n : names) {
      for (int i = 0; i < labels.length; i++) {
        if (labels[i].equals(n)) {
          words[i / 32] |= 1 << (i % 32);
          continue outer;
        }
      }
      throw mismatch(f, v, "unknown flag " + n);
    }
    return words;
  }

  static IllegalArgumentException mismatch(AbiType t, Val v, String why) {
    return new IllegalArgumentException("value " + v + " does not match type " + describe(t.source())
        + (why == null ? "" : " (" + why + ")"));
  }

  static String describe(Object t) {
    String s = String.valueOf(t);
    return s.length() > 120 ? s.substring(0, 117) + "..." : s;
  }
}

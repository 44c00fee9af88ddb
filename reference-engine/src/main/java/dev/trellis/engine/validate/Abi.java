package dev.trellis.engine.validate;

import dev.trellis.engine.binary.CoreValType;
import dev.trellis.engine.types.BorrowType;
import dev.trellis.engine.types.EnumType;
import dev.trellis.engine.types.FlagsType;
import dev.trellis.engine.types.FuncType;
import dev.trellis.engine.types.FutureType;
import dev.trellis.engine.types.ListType;
import dev.trellis.engine.types.MapType;
import dev.trellis.engine.types.OptionType;
import dev.trellis.engine.types.OwnType;
import dev.trellis.engine.types.PrimType;
import dev.trellis.engine.types.RecordType;
import dev.trellis.engine.types.ResultType;
import dev.trellis.engine.types.StreamType;
import dev.trellis.engine.types.TupleType;
import dev.trellis.engine.types.ValType;
import dev.trellis.engine.types.VariantType;
import java.util.ArrayList;
import java.util.List;

/**
 * The static parts of the Canonical ABI that validation needs (CanonicalABI.md): alignment,
 * element size, flattening, and the type predicates. Sizes are computed in {@code long} and
 * saturate, so that pathological types cannot overflow before the size limit rejects them.
 */
final class Abi {
  static final int MAX_FLAT_PARAMS = 16;
  static final int MAX_FLAT_ASYNC_PARAMS = 4;
  static final int MAX_FLAT_RESULTS = 1;
  /** Validation requires {@code elem_size(t, 'i64') < 2^28} for every defined value type. */
  static final long MAX_TYPE_SIZE = 1L << 28;
  private static final long SATURATE = 1L << 40;

  private Abi() {}

  static int discriminantSize(int cases) {
    if (cases <= 256) {
      return 1;
    }
    if (cases <= 65536) {
      return 2;
    }
    return 4;
  }

  static long alignment(ValType t, boolean ptr64) {
    int ptr = ptr64 ? 8 : 4;
    return switch (t) {
      case PrimType p -> switch (p) {
        case BOOL, S8, U8 -> 1;
        case S16, U16 -> 2;
        case S32, U32, F32, CHAR, ERROR_CONTEXT -> 4;
        case S64, U64, F64 -> 8;
        case STRING -> ptr;
      };
      case ListType l -> l.isFixed() ? alignment(l.element(), ptr64) : ptr;
      case MapType m -> ptr;
      case RecordType r -> {
        long a = 1;
        for (RecordType.Field f : r.fields()) {
          a = Math.max(a, alignment(f.type(), ptr64));
        }
        yield a;
      }
      case TupleType tt -> {
        long a = 1;
        for (ValType x : tt.types()) {
          a = Math.max(a, alignment(x, ptr64));
        }
        yield a;
      }
      case VariantType v -> variantAlignment(caseTypes(v), ptr64);
      case EnumType e -> discriminantSize(e.labels().size());
      case OptionType o -> variantAlignment(java.util.Arrays.asList(null, o.type()), ptr64);
      case ResultType r -> variantAlignment(java.util.Arrays.asList(r.ok(), r.error()), ptr64);
      case FlagsType f -> f.labels().size() <= 8 ? 1 : f.labels().size() <= 16 ? 2 : 4;
      case OwnType o -> 4;
      case BorrowType b -> 4;
      case StreamType s -> 4;
      case FutureType f -> 4;
    };
  }

  private static List<ValType> caseTypes(VariantType v) {
    List<ValType> ts = new ArrayList<>();
    for (VariantType.Case c : v.cases()) {
      ts.add(c.type());
    }
    return ts;
  }

  private static long variantAlignment(List<ValType> cases, boolean ptr64) {
    long a = discriminantSize(cases.size());
    for (ValType c : cases) {
      if (c != null) {
        a = Math.max(a, alignment(c, ptr64));
      }
    }
    return a;
  }

  static long alignTo(long v, long a) {
    return (v + a - 1) / a * a;
  }

  /** {@code elem_size(t, ptr_type)}, saturating at 2^40. */
  static long elemSize(ValType t, boolean ptr64) {
    int ptr = ptr64 ? 8 : 4;
    long s = switch (t) {
      case PrimType p -> switch (p) {
        case BOOL, S8, U8 -> 1;
        case S16, U16 -> 2;
        case S32, U32, F32, CHAR, ERROR_CONTEXT -> 4;
        case S64, U64, F64 -> 8;
        case STRING -> 2L * ptr;
      };
      case ListType l -> l.isFixed() ? sat(sat(l.fixedLength()) * elemSize(l.element(), ptr64)) : 2L * ptr;
      case MapType m -> 2L * ptr;
      case RecordType r -> {
        List<ValType> ts = new ArrayList<>();
        for (RecordType.Field f : r.fields()) {
          ts.add(f.type());
        }
        yield recordSize(ts, ptr64);
      }
      case TupleType tt -> recordSize(tt.types(), ptr64);
      case VariantType v -> variantSize(caseTypes(v), ptr64);
      case EnumType e -> discriminantSize(e.labels().size());
      case OptionType o -> variantSize(java.util.Arrays.asList(null, o.type()), ptr64);
      case ResultType r -> variantSize(java.util.Arrays.asList(r.ok(), r.error()), ptr64);
      case FlagsType f -> f.labels().size() <= 8 ? 1 : f.labels().size() <= 16 ? 2 : 4;
      case OwnType o -> 4;
      case BorrowType b -> 4;
      case StreamType st -> 4;
      case FutureType f -> 4;
    };
    return sat(s);
  }

  private static long sat(long v) {
    return v < 0 || v > SATURATE ? SATURATE : v;
  }

  private static long recordSize(List<ValType> fields, boolean ptr64) {
    long s = 0;
    long a = 1;
    for (ValType f : fields) {
      long fa = alignment(f, ptr64);
      a = Math.max(a, fa);
      s = alignTo(s, fa);
      s = sat(s + elemSize(f, ptr64));
    }
    return alignTo(s, a);
  }

  private static long variantSize(List<ValType> cases, boolean ptr64) {
    long s = discriminantSize(cases.size());
    long maxAlign = 1;
    long cs = 0;
    for (ValType c : cases) {
      if (c != null) {
        maxAlign = Math.max(maxAlign, alignment(c, ptr64));
        cs = Math.max(cs, elemSize(c, ptr64));
      }
    }
    s = alignTo(s, maxAlign);
    s = sat(s + cs);
    return alignTo(s, Math.max(discriminantSize(cases.size()), maxAlign));
  }

  // ---- flattening ----

  /** {@code flatten_type}, stopping early once more than {@code limit} values are produced. */
  static List<CoreValType.Num> flatten(ValType t, boolean ptr64, int limit) {
    List<CoreValType.Num> out = new ArrayList<>();
    flatten(t, ptr64, out, limit);
    return out;
  }

  static List<CoreValType.Num> flattenAll(List<ValType> ts, boolean ptr64, int limit) {
    List<CoreValType.Num> out = new ArrayList<>();
    for (ValType t : ts) {
      if (out.size() > limit) {
        break;
      }
      flatten(t, ptr64, out, limit);
    }
    return out;
  }

  private static void flatten(ValType t, boolean ptr64, List<CoreValType.Num> out, int limit) {
    if (out.size() > limit) {
      return;
    }
    CoreValType.Num ptr = ptr64 ? CoreValType.Num.I64 : CoreValType.Num.I32;
    switch (t) {
      case PrimType p -> {
        switch (p) {
          case S64, U64 -> out.add(CoreValType.Num.I64);
          case F32 -> out.add(CoreValType.Num.F32);
          case F64 -> out.add(CoreValType.Num.F64);
          case STRING -> {
            out.add(ptr);
            out.add(ptr);
          }
          default -> out.add(CoreValType.Num.I32);
        }
      }
      case ListType l -> {
        if (l.isFixed()) {
          for (long i = 0; i < l.fixedLength() && out.size() <= limit; i++) {
            flatten(l.element(), ptr64, out, limit);
          }
        } else {
          out.add(ptr);
          out.add(ptr);
        }
      }
      case MapType m -> {
        out.add(ptr);
        out.add(ptr);
      }
      case RecordType r -> {
        for (RecordType.Field f : r.fields()) {
          flatten(f.type(), ptr64, out, limit);
        }
      }
      case TupleType tt -> {
        for (ValType x : tt.types()) {
          flatten(x, ptr64, out, limit);
        }
      }
      case VariantType v -> flattenVariant(caseTypes(v), ptr64, out, limit);
      case OptionType o -> flattenVariant(java.util.Arrays.asList(null, o.type()), ptr64, out, limit);
      case ResultType r -> flattenVariant(java.util.Arrays.asList(r.ok(), r.error()), ptr64, out, limit);
      case EnumType e -> out.add(CoreValType.Num.I32);
      case FlagsType f -> out.add(CoreValType.Num.I32);
      case OwnType o -> out.add(CoreValType.Num.I32);
      case BorrowType b -> out.add(CoreValType.Num.I32);
      case StreamType s -> out.add(CoreValType.Num.I32);
      case FutureType f -> out.add(CoreValType.Num.I32);
    }
  }

  private static void flattenVariant(List<ValType> cases, boolean ptr64, List<CoreValType.Num> out, int limit) {
    List<CoreValType.Num> flat = new ArrayList<>();
    for (ValType c : cases) {
      if (c != null) {
        List<CoreValType.Num> ft = flatten(c, ptr64, limit);
        for (int i = 0; i < ft.size(); i++) {
          if (i < flat.size()) {
            flat.set(i, join(flat.get(i), ft.get(i)));
          } else {
            flat.add(ft.get(i));
          }
        }
      }
    }
    out.add(CoreValType.Num.I32);
    out.addAll(flat);
  }

  private static CoreValType.Num join(CoreValType.Num a, CoreValType.Num b) {
    if (a == b) {
      return a;
    }
    if ((a == CoreValType.Num.I32 && b == CoreValType.Num.F32) || (a == CoreValType.Num.F32 && b == CoreValType.Num.I32)) {
      return CoreValType.Num.I32;
    }
    return CoreValType.Num.I64;
  }

  // ---- predicates ----

  /** Whether lifting or lowering {@code t} touches linear memory (a string or variable-length list inside). */
  static boolean needsMemory(ValType t) {
    return switch (t) {
      case null -> false;
      case PrimType p -> p == PrimType.STRING;
      case ListType l -> !l.isFixed() || needsMemory(l.element());
      case MapType m -> true;
      case RecordType r -> r.fields().stream().anyMatch(f -> needsMemory(f.type()));
      case TupleType tt -> tt.types().stream().anyMatch(Abi::needsMemory);
      case VariantType v -> v.cases().stream().anyMatch(c -> needsMemory(c.type()));
      case OptionType o -> needsMemory(o.type());
      case ResultType r -> needsMemory(r.ok()) || needsMemory(r.error());
      default -> false;
    };
  }

  static boolean containsBorrow(ValType t) {
    return switch (t) {
      case null -> false;
      case BorrowType b -> true;
      case ListType l -> containsBorrow(l.element());
      case MapType m -> containsBorrow(m.key()) || containsBorrow(m.value());
      case RecordType r -> r.fields().stream().anyMatch(f -> containsBorrow(f.type()));
      case TupleType tt -> tt.types().stream().anyMatch(Abi::containsBorrow);
      case VariantType v -> v.cases().stream().anyMatch(c -> containsBorrow(c.type()));
      case OptionType o -> containsBorrow(o.type());
      case ResultType r -> containsBorrow(r.ok()) || containsBorrow(r.error());
      case StreamType s -> containsBorrow(s.element());
      case FutureType f -> containsBorrow(f.element());
      default -> false;
    };
  }

  static boolean containsAsyncValue(ValType t) {
    return switch (t) {
      case null -> false;
      case StreamType s -> true;
      case FutureType f -> true;
      case ListType l -> containsAsyncValue(l.element());
      case MapType m -> containsAsyncValue(m.key()) || containsAsyncValue(m.value());
      case RecordType r -> r.fields().stream().anyMatch(f -> containsAsyncValue(f.type()));
      case TupleType tt -> tt.types().stream().anyMatch(Abi::containsAsyncValue);
      case VariantType v -> v.cases().stream().anyMatch(c -> containsAsyncValue(c.type()));
      case OptionType o -> containsAsyncValue(o.type());
      case ResultType r -> containsAsyncValue(r.ok()) || containsAsyncValue(r.error());
      default -> false;
    };
  }

  static List<ValType> paramTypes(FuncType f) {
    List<ValType> ts = new ArrayList<>();
    for (FuncType.Param p : f.params()) {
      ts.add(p.type());
    }
    return ts;
  }
}

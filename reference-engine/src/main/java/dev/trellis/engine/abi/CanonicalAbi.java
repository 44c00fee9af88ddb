package dev.trellis.engine.abi;

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
 * The type-level functions of the Canonical ABI, one method per Python function of
 * <a href="../../../../../../../../shared/spec/component-model/CanonicalABI.md">CanonicalABI.md</a>:
 * {@link #despecialize}, {@link #alignment}, {@link #elemSize}, {@link #flattenType},
 * {@link #flattenFuncType}. They work on the resolved {@link ValType}s of validation, for 32-bit
 * memories (the {@code ptr_type} {@code i32}).
 *
 * <p>These are the reference definitions; {@link AbiType} caches their results per type so the
 * value functions ({@link Loading}, {@link Storing}, {@link FlatLifting}, {@link FlatLowering})
 * never recompute them per value.
 */
public final class CanonicalAbi {
  private CanonicalAbi() {}

  /** {@code MAX_FLAT_PARAMS} (CanonicalABI.md#flattening). */
  public static final int MAX_FLAT_PARAMS = 16;
  /** {@code MAX_FLAT_ASYNC_PARAMS} (CanonicalABI.md#flattening). */
  public static final int MAX_FLAT_ASYNC_PARAMS = 4;
  /** {@code MAX_FLAT_RESULTS} (CanonicalABI.md#flattening). */
  public static final int MAX_FLAT_RESULTS = 1;
  /** {@code MAX_STRING_BYTE_LENGTH} (CanonicalABI.md#loading). */
  public static final long MAX_STRING_BYTE_LENGTH = (1L << 28) - 1;
  /** {@code MAX_LIST_BYTE_LENGTH} (CanonicalABI.md#loading). */
  public static final long MAX_LIST_BYTE_LENGTH = (1L << 28) - 1;
  /** {@code REALLOC_I32_MAX} (CanonicalABI.md#loading). */
  public static final long REALLOC_I32_MAX = (1L << 32) - 1;
  /** {@code utf16_tag('i32')} (CanonicalABI.md#loading). */
  public static final long UTF16_TAG = 1L << 31;
  /** Pointer size of a 32-bit memory ({@code ptr_size('i32')}). */
  public static final int PTR_SIZE = 4;

  /** {@code lift} or {@code lower}: which side of {@code flatten_functype}. */
  public enum Context { LIFT, LOWER }

  /** A core function signature produced by {@link #flattenFuncType}. */
  public record CoreSignature(List<FlatType> params, List<FlatType> results) {
    public CoreSignature {
      params = List.copyOf(params);
      results = List.copyOf(results);
    }
  }

  /**
   * {@code despecialize} (<a href="../../../../../../../../shared/spec/component-model/CanonicalABI.md#despecialization">CanonicalABI.md#despecialization</a>):
   * tuple → record, enum/option/result → variant, map → list of tuples.
   */
  public static ValType despecialize(ValType t) {
    return switch (t) {
      case TupleType(List<ValType> ts) -> {
        List<RecordType.Field> fields = new ArrayList<>();
        for (int i = 0; i < ts.size(); i++) {
          fields.add(new RecordType.Field(Integer.toString(i), ts.get(i)));
        }
        yield new RecordType(fields);
      }
      case EnumType(List<String> labels) ->
          new VariantType(labels.stream().map(l -> new VariantType.Case(l, null)).toList());
      case OptionType(ValType u) ->
          new VariantType(List.of(new VariantType.Case("none", null), new VariantType.Case("some", u)));
      case ResultType(ValType ok, ValType err) ->
          new VariantType(List.of(new VariantType.Case("ok", ok), new VariantType.Case("error", err)));
      case MapType(ValType k, ValType v) -> new ListType(despecialize(new TupleType(List.of(k, v))));
      default -> t;
    };
  }

  /**
   * {@code alignment} (<a href="../../../../../../../../shared/spec/component-model/CanonicalABI.md#alignment">CanonicalABI.md#alignment</a>).
   */
  public static int alignment(ValType t) {
    return switch (despecialize(t)) {
      case PrimType p -> switch (p) {
        case BOOL, S8, U8 -> 1;
        case S16, U16 -> 2;
        case S32, U32, F32, CHAR, ERROR_CONTEXT -> 4;
        case S64, U64, F64 -> 8;
        case STRING -> PTR_SIZE;
      };
      case ListType l -> l.isFixed() ? alignment(l.element()) : PTR_SIZE;
      case RecordType r -> alignmentRecord(r.fields());
      case VariantType v -> alignmentVariant(v.cases());
      case FlagsType f -> alignmentFlags(f.labels().size());
      case OwnType o -> 4;
      case BorrowType b -> 4;
      case StreamType s -> 4;
      case FutureType f -> 4;
      default -> throw new IllegalStateException("not despecialized: " + t);
    };
  }

  /** {@code alignment_record}. */
  static int alignmentRecord(List<RecordType.Field> fields) {
    int a = 1;
    for (RecordType.Field f : fields) {
      a = Math.max(a, alignment(f.type()));
    }
    return a;
  }

  /** {@code alignment_variant}. */
  static int alignmentVariant(List<VariantType.Case> cases) {
    return Math.max(alignment(discriminantType(cases.size())), maxCaseAlignment(cases));
  }

  /** {@code max_case_alignment}. */
  static int maxCaseAlignment(List<VariantType.Case> cases) {
    int a = 1;
    for (VariantType.Case c : cases) {
      if (c.type() != null) {
        a = Math.max(a, alignment(c.type()));
      }
    }
    return a;
  }

  /**
   * {@code discriminant_type}: the smallest unsigned integer covering {@code n} cases.
   */
  public static PrimType discriminantType(int n) {
    if (n <= 0) {
      throw new IllegalArgumentException("variant without cases");
    }
    if (n <= 1 << 8) {
      return PrimType.U8;
    }
    if (n <= 1 << 16) {
      return PrimType.U16;
    }
    return PrimType.U32;
  }

  /**
   * {@code alignment_flags}. The spec limits flags to 32 labels; wider flags (accepted by older
   * validators) are laid out as the legacy sequence of {@code i32}s, aligned to 4.
   */
  static int alignmentFlags(int n) {
    if (n <= 8) {
      return 1;
    }
    if (n <= 16) {
      return 2;
    }
    return 4;
  }

  /**
   * {@code elem_size} (<a href="../../../../../../../../shared/spec/component-model/CanonicalABI.md#element-size">CanonicalABI.md#element-size</a>).
   */
  public static int elemSize(ValType t) {
    return switch (despecialize(t)) {
      case PrimType p -> switch (p) {
        case BOOL, S8, U8 -> 1;
        case S16, U16 -> 2;
        case S32, U32, F32, CHAR, ERROR_CONTEXT -> 4;
        case S64, U64, F64 -> 8;
        case STRING -> 2 * PTR_SIZE;
      };
      case ListType l -> elemSizeList(l);
      case RecordType r -> elemSizeRecord(r.fields());
      case VariantType v -> elemSizeVariant(v.cases());
      case FlagsType f -> elemSizeFlags(f.labels().size());
      case OwnType o -> 4;
      case BorrowType b -> 4;
      case StreamType s -> 4;
      case FutureType f -> 4;
      default -> throw new IllegalStateException("not despecialized: " + t);
    };
  }

  /** {@code elem_size_list}. */
  static int elemSizeList(ListType l) {
    if (l.isFixed()) {
      return Math.toIntExact(l.fixedLength() * elemSize(l.element()));
    }
    return 2 * PTR_SIZE;
  }

  /** {@code elem_size_record}. */
  static int elemSizeRecord(List<RecordType.Field> fields) {
    long s = 0;
    for (RecordType.Field f : fields) {
      s = alignTo(s, alignment(f.type()));
      s += elemSize(f.type());
    }
    return Math.toIntExact(alignTo(s, alignmentRecord(fields)));
  }

  /** {@code elem_size_variant}. */
  static int elemSizeVariant(List<VariantType.Case> cases) {
    long s = elemSize(discriminantType(cases.size()));
    s = alignTo(s, maxCaseAlignment(cases));
    long cs = 0;
    for (VariantType.Case c : cases) {
      if (c.type() != null) {
        cs = Math.max(cs, elemSize(c.type()));
      }
    }
    s += cs;
    return Math.toIntExact(alignTo(s, alignmentVariant(cases)));
  }

  /** {@code elem_size_flags} (legacy wide flags: 4 bytes per 32 labels). */
  static int elemSizeFlags(int n) {
    if (n <= 8) {
      return 1;
    }
    if (n <= 16) {
      return 2;
    }
    return 4 * ((n + 31) / 32);
  }

  /** {@code align_to}. */
  public static long alignTo(long ptr, int alignment) {
    return (ptr + alignment - 1) / alignment * alignment;
  }

  /**
   * {@code flatten_type} (<a href="../../../../../../../../shared/spec/component-model/CanonicalABI.md#flattening">CanonicalABI.md#flattening</a>).
   */
  public static List<FlatType> flattenType(ValType t) {
    List<FlatType> out = new ArrayList<>();
    flattenInto(t, out);
    return out;
  }

  private static void flattenInto(ValType t, List<FlatType> out) {
    switch (despecialize(t)) {
      case PrimType p -> {
        switch (p) {
          case S64, U64 -> out.add(FlatType.I64);
          case F32 -> out.add(FlatType.F32);
          case F64 -> out.add(FlatType.F64);
          case STRING -> {
            out.add(FlatType.I32);
            out.add(FlatType.I32);
          }
          default -> out.add(FlatType.I32);
        }
      }
      case ListType l -> {
        if (l.isFixed()) {
          for (long i = 0; i < l.fixedLength(); i++) {
            flattenInto(l.element(), out);
          }
        } else {
          out.add(FlatType.I32);
          out.add(FlatType.I32);
        }
      }
      case RecordType r -> {
        for (RecordType.Field f : r.fields()) {
          flattenInto(f.type(), out);
        }
      }
      case VariantType v -> out.addAll(flattenVariant(v.cases()));
      case FlagsType f -> {
        for (int i = 0; i < Math.max(1, (f.labels().size() + 31) / 32); i++) {
          out.add(FlatType.I32);
        }
      }
      default -> out.add(FlatType.I32); // own, borrow, stream, future
    }
  }

  /** {@code flatten_variant}: the discriminant, then the {@code join} of every case's flattening. */
  static List<FlatType> flattenVariant(List<VariantType.Case> cases) {
    List<FlatType> flat = new ArrayList<>();
    for (VariantType.Case c : cases) {
      if (c.type() != null) {
        List<FlatType> ft = flattenType(c.type());
        for (int i = 0; i < ft.size(); i++) {
          if (i < flat.size()) {
            flat.set(i, FlatType.join(flat.get(i), ft.get(i)));
          } else {
            flat.add(ft.get(i));
          }
        }
      }
    }
    List<FlatType> out = new ArrayList<>(flattenType(discriminantType(cases.size())));
    out.addAll(flat);
    return out;
  }

  /** {@code flatten_types}. */
  public static List<FlatType> flattenTypes(List<ValType> ts) {
    List<FlatType> out = new ArrayList<>();
    for (ValType t : ts) {
      flattenInto(t, out);
    }
    return out;
  }

  /**
   * {@code flatten_functype} for the synchronous ABI
   * (<a href="../../../../../../../../shared/spec/component-model/CanonicalABI.md#flattening">CanonicalABI.md#flattening</a>).
   */
  public static CoreSignature flattenFuncType(FuncType ft, Context context) {
    List<FlatType> params = flattenTypes(ft.params().stream().map(FuncType.Param::type).toList());
    List<FlatType> results = flattenTypes(ft.results());
    if (params.size() > MAX_FLAT_PARAMS) {
      params = List.of(FlatType.I32);
    }
    if (results.size() > MAX_FLAT_RESULTS) {
      if (context == Context.LIFT) {
        results = List.of(FlatType.I32);
      } else {
        params = new ArrayList<>(params);
        params.add(FlatType.I32);
        results = List.of();
      }
    }
    return new CoreSignature(params, results);
  }

  /** {@code contains_borrow} (CanonicalABI.md#type-predicates). */
  public static boolean containsBorrow(ValType t) {
    return contains(t, u -> u instanceof BorrowType);
  }

  /** {@code contains_async_value} (CanonicalABI.md#type-predicates). */
  public static boolean containsAsyncValue(ValType t) {
    return contains(t, u -> u instanceof StreamType || u instanceof FutureType);
  }

  private static boolean contains(ValType t, java.util.function.Predicate<ValType> p) {
    if (t == null) {
      return false;
    }
    ValType d = despecialize(t);
    return switch (d) {
      case ListType l -> p.test(d) || contains(l.element(), p);
      case StreamType s -> p.test(d) || contains(s.element(), p);
      case FutureType f -> p.test(d) || contains(f.element(), p);
      case RecordType r -> p.test(d) || r.fields().stream().anyMatch(f -> contains(f.type(), p));
      case VariantType v -> p.test(d) || v.cases().stream().anyMatch(c -> contains(c.type(), p));
      default -> p.test(d);
    };
  }
}

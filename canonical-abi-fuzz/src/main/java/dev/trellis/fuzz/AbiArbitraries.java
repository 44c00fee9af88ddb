package dev.trellis.fuzz;

import dev.trellis.engine.binary.CanonOpt.StringEncoding;
import dev.trellis.engine.runtime.ResourceHandle;
import dev.trellis.engine.runtime.Val;
import dev.trellis.engine.types.BorrowType;
import dev.trellis.engine.types.EnumType;
import dev.trellis.engine.types.FlagsType;
import dev.trellis.engine.types.ListType;
import dev.trellis.engine.types.OptionType;
import dev.trellis.engine.types.OwnType;
import dev.trellis.engine.types.PrimType;
import dev.trellis.engine.types.RecordType;
import dev.trellis.engine.types.ResourceType;
import dev.trellis.engine.types.ResultType;
import dev.trellis.engine.types.TupleType;
import dev.trellis.engine.types.ValType;
import dev.trellis.engine.types.VariantType;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * jqwik arbitraries for the Canonical ABI: component value types (depth- and width-bounded,
 * see {@link TypeBounds}) and values of a given type. Everything shrinks the jqwik way: types
 * towards primitives and fewer fields/cases, values towards zero, empty and the first case.
 *
 * <p>Values cover the ABI's edges on purpose: NaNs with arbitrary payloads and signs, ±0,
 * infinities and subnormals; {@code char}s at the edges of every UTF-8/UTF-16/Latin-1 range
 * (never a surrogate); strings mixing ASCII, Latin-1, other BMP and astral code points, and
 * strings wholly in ASCII or Latin-1 (the transcoders' fast paths).
 */
public final class AbiArbitraries {
  private AbiArbitraries() {}

  /** Every primitive type of the sync ABI ({@code error-context} is async). */
  public static final List<PrimType> PRIMS = List.of(PrimType.BOOL, PrimType.S8, PrimType.U8, PrimType.S16,
      PrimType.U16, PrimType.S32, PrimType.U32, PrimType.S64, PrimType.U64, PrimType.F32, PrimType.F64,
      PrimType.CHAR, PrimType.STRING);

  /** Code points at the edges of the encodings' ranges. */
  static final int[] EDGE_CODE_POINTS = {0x0, 0x1, 0x7F, 0x80, 0xFF, 0x100, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFD,
      0xFFFE, 0xFFFF, 0x10000, 0x1F600, 0xFFFFF, 0x100000, 0x10FFFF};

  // ---------------------------------------------------------------- types

  /** Value types within {@code b}. */
  public static Arbitrary<ValType> types(TypeBounds b) {
    return new TypeGen(b).at(b.maxDepth()).withoutEdgeCases();
  }

  private static final class TypeGen {
    private final TypeBounds b;
    private final List<Arbitrary<ValType>> byDepth = new ArrayList<>();

    TypeGen(TypeBounds b) {
      this.b = b;
    }

    Arbitrary<ValType> at(int depth) {
      while (byDepth.size() <= depth) {
        int d = byDepth.size();
        byDepth.add(d == 0 ? leaf() : compound(d));
      }
      return byDepth.get(depth);
    }

    private Arbitrary<ValType> leaf() {
      List<Tuple.Tuple2<Integer, Arbitrary<? extends ValType>>> choices = new ArrayList<>();
      choices.add(Tuple.of(16, Arbitraries.of(PRIMS)));
      choices.add(Tuple.of(2, enums()));
      choices.add(Tuple.of(2, flags()));
      if (!b.resources().isEmpty()) {
        choices.add(Tuple.of(2, Arbitraries.of(b.resources()).map(OwnType::new)));
        if (b.borrows()) {
          choices.add(Tuple.of(1, Arbitraries.of(b.resources()).map(BorrowType::new)));
        }
      }
      return frequency(choices);
    }

    private Arbitrary<ValType> compound(int depth) {
      Arbitrary<ValType> inner = Arbitraries.lazy(() -> at(depth - 1));
      List<Tuple.Tuple2<Integer, Arbitrary<? extends ValType>>> choices = new ArrayList<>();
      choices.add(Tuple.of(8, at(0)));
      choices.add(Tuple.of(3, inner.map(ListType::new)));
      if (b.fixedLists()) {
        choices.add(Tuple.of(1, Combinators.combine(inner, Arbitraries.integers().between(1, 5))
            .as((t, n) -> new ListType(t, n))));
      }
      choices.add(Tuple.of(3, inner.list().ofMinSize(1).ofMaxSize(b.maxWidth()).map(AbiArbitraries::record)));
      choices.add(Tuple.of(2, inner.list().ofMinSize(1).ofMaxSize(b.maxWidth()).map(TupleType::new)));
      choices.add(Tuple.of(3, variants(inner)));
      choices.add(Tuple.of(2, inner.map(OptionType::new)));
      choices.add(Tuple.of(2, Combinators.combine(inner.injectNull(0.3), inner.injectNull(0.3))
          .as(ResultType::new)));
      return frequency(choices);
    }

    private Arbitrary<Integer> caseCounts() {
      int small = Math.min(b.maxCases(), b.maxWidth() + 4);
      List<Tuple.Tuple2<Integer, Arbitrary<? extends Integer>>> counts = new ArrayList<>();
      counts.add(Tuple.of(8, Arbitraries.integers().between(1, small)));
      counts.add(Tuple.of(1, Arbitraries.integers().between(1, b.maxCases())));
      List<Integer> edges = new ArrayList<>();
      for (int e : new int[] {1, 255, 256, 257, 300}) {
        if (e <= b.maxCases()) {
          edges.add(e);
        }
      }
      counts.add(Tuple.of(1, Arbitraries.of(edges)));
      return frequency(counts);
    }

    private Arbitrary<ValType> enums() {
      return caseCounts().map(n -> new EnumType(labels("e", n)));
    }

    private Arbitrary<ValType> flags() {
      List<Integer> edges = new ArrayList<>();
      for (int e : new int[] {1, 8, 9, 16, 17, 31, 32, 33, 63, 64}) {
        if (e <= b.maxFlags()) {
          edges.add(e);
        }
      }
      List<Tuple.Tuple2<Integer, Arbitrary<? extends Integer>>> counts = new ArrayList<>();
      counts.add(Tuple.of(5, Arbitraries.integers().between(1, Math.min(b.maxFlags(), 12))));
      counts.add(Tuple.of(2, Arbitraries.integers().between(1, b.maxFlags())));
      counts.add(Tuple.of(2, Arbitraries.of(edges)));
      return frequency(counts).map(n -> new FlagsType(labels("g", n)));
    }

    /**
     * Variants of 1 to {@code maxCases} cases of which at most {@code maxWidth} carry a payload,
     * spread over the cases (so that high case indices carry payloads too).
     */
    private Arbitrary<ValType> variants(Arbitrary<ValType> inner) {
      return caseCounts().flatMap(n -> Combinators.combine(
              inner.injectNull(0.35).list().ofMinSize(1).ofMaxSize(Math.min(n, b.maxWidth())),
              Arbitraries.integers().between(0, n - 1))
          .as((payloads, offset) -> {
            ValType[] ts = new ValType[n];
            int stride = Math.max(1, n / payloads.size());
            for (int i = 0; i < payloads.size(); i++) {
              ts[(offset + i * stride) % n] = payloads.get(i);
            }
            List<VariantType.Case> cases = new ArrayList<>();
            for (int i = 0; i < n; i++) {
              cases.add(new VariantType.Case("c" + i, ts[i]));
            }
            return (ValType) new VariantType(cases);
          }));
    }
  }

  private static ValType record(List<ValType> ts) {
    List<RecordType.Field> fields = new ArrayList<>();
    for (int i = 0; i < ts.size(); i++) {
      fields.add(new RecordType.Field("f" + i, ts.get(i)));
    }
    return new RecordType(fields);
  }

  static List<String> labels(String prefix, int n) {
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(prefix + i);
    }
    return out;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static <T> Arbitrary<T> frequency(List<Tuple.Tuple2<Integer, Arbitrary<? extends T>>> choices) {
    return Arbitraries.frequencyOf(choices.toArray(new Tuple.Tuple2[0]));
  }

  // ---------------------------------------------------------------- differential cases

  /**
   * {@link EchoCase}s: 1 to {@code maxParams} parameters of types within {@code b}, random
   * string encodings for the two components, and 1 to {@code maxCalls} argument
   * lists of values within {@code vb}.
   */
  public static Arbitrary<EchoCase> echoCases(TypeBounds b, int maxParams, int maxCalls, ValueBounds vb) {
    return echoCases(b, maxParams, maxCalls, vb, false);
  }

  /**
   * {@link EchoCase}s as {@link #echoCases(TypeBounds, int, int, ValueBounds)} (one argument
   * list in ten within {@link ValueBounds#LARGE} instead of {@code vb}), half of them
   * (when {@code corrupt}) with a {@link Corruption} of the echoed result, at any of its static
   * places where the spec makes lifting trap or read the word its own way.
   */
  public static Arbitrary<EchoCase> echoCases(TypeBounds b, int maxParams, int maxCalls, ValueBounds vb,
      boolean corrupt) {
    Arbitrary<StringEncoding> enc = Arbitraries.of(StringEncoding.values());
    return Combinators.combine(types(b).list().ofMinSize(1).ofMaxSize(maxParams), enc, enc)
        .flatAs((ps, e1, e2) -> Combinators.combine(
                Arbitraries.frequencyOf(Tuple.of(9, argumentLists(ps, vb)),
                        Tuple.of(1, argumentLists(ps, ValueBounds.LARGE)))
                    .list().ofMinSize(1).ofMaxSize(maxCalls),
                corrupt ? corruptions(ps, e1, e2) : Arbitraries.just(null))
            .as((calls, k) -> new EchoCase(ps, e1, e2, calls, k)));
  }

  /**
   * Corruptions of the result of {@code run} with parameters {@code ps}, or null (half the
   * time). A utf8 string's pointer is never made misaligned: the string would just start a byte
   * later, at bytes no expectation can know.
   */
  static Arbitrary<Corruption> corruptions(List<ValType> ps, StringEncoding outerEnc, StringEncoding echoEnc) {
    EchoCase shape = new EchoCase(ps, outerEnc, echoEnc, List.of());
    List<Corruption.Site> sites = Corruption.sites(shape.result(), shape.resultInMemory());
    List<int[]> choices = new ArrayList<>();
    for (int outer = 0; outer < 2; outer++) {
      StringEncoding enc = outer == 1 ? outerEnc : echoEnc;
      for (int i = 0; i < sites.size(); i++) {
        for (Corruption.Kind k : Corruption.kinds(sites.get(i))) {
          if (!(k == Corruption.Kind.POINTER_MISALIGNED && sites.get(i) instanceof Corruption.StringSite
              && enc == StringEncoding.UTF8)) {
            choices.add(new int[] {outer, i, k.ordinal()});
          }
        }
      }
    }
    if (choices.isEmpty()) {
      return Arbitraries.just(null);
    }
    Arbitrary<Corruption> some = Combinators.combine(Arbitraries.of(choices), Arbitraries.integers().between(0, 1 << 16))
        .as((ch, param) -> new Corruption(ch[0] == 1, ch[1], Corruption.Kind.values()[ch[2]], param));
    return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(null)), Tuple.of(1, some));
  }

  /** Argument lists for parameters of types {@code ps}. */
  public static Arbitrary<List<Val>> argumentLists(List<ValType> ps, ValueBounds vb) {
    return Combinators.combine(ps.stream().map(t -> values(t, vb)).toList()).as(vs -> vs);
  }

  // ---------------------------------------------------------------- values

  /**
   * Bounds of generated values: list lengths (longer for lists of 1-byte elements) and string
   * lengths in code points.
   */
  public record ValueBounds(int maxListLength, int maxByteListLength, int maxStringLength) {
    public static final ValueBounds DEFAULT = new ValueBounds(4, 40, 24);
    public static final ValueBounds SMALL = new ValueBounds(3, 12, 12);
    /** Long strings and byte lists: allocations past a 64 KiB page, transcoding buffers that grow. */
    public static final ValueBounds LARGE = new ValueBounds(6, 3000, 1500);
  }

  /** Values of type {@code t}. */
  public static Arbitrary<Val> values(ValType t) {
    return values(t, ValueBounds.DEFAULT);
  }

  /**
   * Values of type {@code t} within {@code vb}. The edges are chosen explicitly (see the scalar
   * arbitraries); jqwik's own edge-case combinations are switched off at every level, as their
   * number grows with the product of the fields' and the generation size.
   */
  public static Arbitrary<Val> values(ValType t, ValueBounds vb) {
    return valuesOf(t, vb).withoutEdgeCases();
  }

  private static Arbitrary<Val> valuesOf(ValType t, ValueBounds vb) {
    return switch (t) {
      case PrimType p -> prim(p, vb);
      case ListType l -> {
        Arbitrary<Val> e = values(l.element(), vb);
        if (l.isFixed()) {
          yield e.list().ofSize((int) l.fixedLength()).map(Val.ListOf::new);
        }
        boolean bytes = l.element() == PrimType.U8 || l.element() == PrimType.S8 || l.element() == PrimType.BOOL;
        yield e.list().ofMaxSize(bytes ? vb.maxByteListLength() : vb.maxListLength()).map(Val.ListOf::new);
      }
      case RecordType r -> {
        List<Arbitrary<Val>> fs = r.fields().stream().map(f -> values(f.type(), vb)).toList();
        yield Combinators.combine(fs).as(vs -> {
          List<Val.Field> fields = new ArrayList<>();
          for (int i = 0; i < vs.size(); i++) {
            fields.add(new Val.Field(r.fields().get(i).label(), vs.get(i)));
          }
          return (Val) new Val.RecordOf(fields);
        });
      }
      case TupleType tu -> Combinators.combine(tu.types().stream().map(x -> values(x, vb)).toList())
          .as(vs -> (Val) new Val.TupleOf(vs));
      case VariantType v -> {
        int n = v.cases().size();
        Arbitrary<Integer> idx = n == 1 ? Arbitraries.just(0)
            : Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.integers().between(0, n - 1)),
                Tuple.of(1, Arbitraries.just(n - 1)));
        yield idx.flatMap(i -> {
          VariantType.Case c = v.cases().get(i);
          return c.type() == null ? Arbitraries.just((Val) new Val.VariantOf(c.label(), null))
              : values(c.type(), vb).map(p -> (Val) new Val.VariantOf(c.label(), p));
        });
      }
      case EnumType e -> Arbitraries.of(e.labels()).map(Val.EnumOf::new);
      case OptionType o -> Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just((Val) Val.OptionOf.NONE)),
          Tuple.of(3, values(o.type(), vb).map(x -> (Val) new Val.OptionOf(x))));
      case ResultType r -> Arbitraries.frequencyOf(
          Tuple.of(1, side(r.ok(), vb).map(x -> (Val) new Val.ResultOf(true, x))),
          Tuple.of(1, side(r.error(), vb).map(x -> (Val) new Val.ResultOf(false, x))));
      case FlagsType f -> Arbitraries.of(true, false).list().ofSize(f.labels().size()).map(bits -> {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < bits.size(); i++) {
          if (bits.get(i)) {
            names.add(f.labels().get(i));
          }
        }
        return (Val) new Val.FlagsOf(names);
      });
      case OwnType o -> handleReps().map(rep -> (Val) new Val.Own(ResourceHandle.own(o.resource(), rep)));
      case BorrowType b -> handleReps().map(rep -> (Val) new Val.Borrow(ResourceHandle.borrow(b.resource(), rep)));
      default -> throw new IllegalArgumentException("no values for " + t + " in the sync ABI");
    };
  }

  private static Arbitrary<Val> side(ValType t, ValueBounds vb) {
    return t == null ? Arbitraries.just(null) : values(t, vb);
  }

  private static Arbitrary<Integer> handleReps() {
    return Arbitraries.integers();
  }

  private static Arbitrary<Val> prim(PrimType p, ValueBounds vb) {
    return switch (p) {
      case BOOL -> Arbitraries.of(false, true).map(Val.Bool::new);
      case S8 -> Arbitraries.bytes().map(Val.S8::new);
      case U8 -> Arbitraries.integers().between(0, 0xFF).map(Val.U8::new);
      case S16 -> Arbitraries.shorts().map(Val.S16::new);
      case U16 -> Arbitraries.integers().between(0, 0xFFFF).map(Val.U16::new);
      case S32 -> Arbitraries.integers().map(Val.S32::new);
      case U32 -> Arbitraries.longs().between(0, 0xFFFF_FFFFL).map(Val.U32::new);
      case S64 -> Arbitraries.longs().map(Val.S64::new);
      case U64 -> Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.longs()),
          Tuple.of(1, Arbitraries.of(0L, 1L, -1L, Long.MIN_VALUE, Long.MAX_VALUE))).map(Val.U64::new);
      case F32 -> f32s().map(Val.F32::new);
      case F64 -> f64s().map(Val.F64::new);
      case CHAR -> codePoints().map(Val.Char::new);
      case STRING -> strings(vb.maxStringLength()).map(Val.Str::new);
      default -> throw new IllegalArgumentException("no values for " + p + " in the sync ABI");
    };
  }

  // ---------------------------------------------------------------- scalars

  /** {@code f32}s: arbitrary bit patterns, ordinary numbers, NaNs with payloads, and the edges. */
  public static Arbitrary<Float> f32s() {
    return Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.integers().map(Float::intBitsToFloat)),
        Tuple.of(3, Arbitraries.floats()),
        Tuple.of(2, nanF32Bits().map(Float::intBitsToFloat)),
        Tuple.of(2, Arbitraries.of(0.0f, -0.0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE,
            -Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE, 1.0f, -1.0f,
            Float.intBitsToFloat(0x7fc00000), Float.intBitsToFloat(0x007fffff))));
  }

  /** {@code f64}s: arbitrary bit patterns, ordinary numbers, NaNs with payloads, and the edges. */
  public static Arbitrary<Double> f64s() {
    return Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.longs().map(Double::longBitsToDouble)),
        Tuple.of(3, Arbitraries.doubles()),
        Tuple.of(2, nanF64Bits().map(Double::longBitsToDouble)),
        Tuple.of(2, Arbitraries.of(0.0, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE,
            -Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE, 1.0, -1.0,
            Double.longBitsToDouble(0x7ff8000000000000L), Double.longBitsToDouble(0x000fffffffffffffL))));
  }

  /** Bit patterns of 32-bit NaNs: either sign, quiet or signalling, any non-zero payload. */
  public static Arbitrary<Integer> nanF32Bits() {
    return Combinators.combine(Arbitraries.of(0, 0x8000_0000), Arbitraries.integers().between(1, 0x7F_FFFF))
        .as((sign, payload) -> sign | 0x7F80_0000 | payload);
  }

  /** Bit patterns of 64-bit NaNs: either sign, quiet or signalling, any non-zero payload. */
  public static Arbitrary<Long> nanF64Bits() {
    return Combinators.combine(Arbitraries.of(0L, Long.MIN_VALUE), Arbitraries.longs().between(1, 0xF_FFFF_FFFF_FFFFL))
        .as((sign, payload) -> sign | 0x7FF0_0000_0000_0000L | payload);
  }

  /** Unicode scalar values (never a surrogate), weighted towards every encoding's edges. */
  public static Arbitrary<Integer> codePoints() {
    return Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.integers().between(0x20, 0x7E)),
        Tuple.of(1, Arbitraries.integers().between(0, 0x7F)),
        Tuple.of(3, Arbitraries.integers().between(0x80, 0xFF)),
        Tuple.of(2, Arbitraries.integers().between(0x100, 0xD7FF)),
        Tuple.of(1, Arbitraries.integers().between(0xE000, 0xFFFF)),
        Tuple.of(2, Arbitraries.integers().between(0x10000, 0x10FFFF)),
        Tuple.of(2, Arbitraries.of(toList(EDGE_CODE_POINTS))));
  }

  /** Code points of one range only, for strings that stay on a transcoder's fast path. */
  private static Arbitrary<Integer> codePointsBelow(int limit) {
    return Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.integers().between(0x20, Math.min(0x7E, limit - 1))),
        Tuple.of(1, Arbitraries.integers().between(0, limit - 1)));
  }

  /**
   * Strings of up to {@code maxCodePoints} code points: mostly mixing ASCII, Latin-1, BMP and
   * astral code points, sometimes ASCII-only or Latin-1-only, sometimes empty.
   */
  public static Arbitrary<String> strings(int maxCodePoints) {
    return Arbitraries.frequencyOf(
        Tuple.of(6, codePoints().list().ofMaxSize(maxCodePoints)),
        Tuple.of(2, codePointsBelow(0x80).list().ofMaxSize(maxCodePoints)),
        Tuple.of(2, codePointsBelow(0x100).list().ofMaxSize(maxCodePoints)),
        Tuple.of(1, Arbitraries.integers().between(0x80, 0xFF).list().ofMinSize(1).ofMaxSize(maxCodePoints)),
        Tuple.of(1, Arbitraries.just(List.<Integer>of())))
        .map(AbiArbitraries::fromCodePoints);
  }

  static String fromCodePoints(List<Integer> cps) {
    StringBuilder sb = new StringBuilder(cps.size() * 2);
    for (int cp : cps) {
      sb.appendCodePoint(cp);
    }
    return sb.toString();
  }

  private static List<Integer> toList(int[] a) {
    List<Integer> out = new ArrayList<>(a.length);
    for (int x : a) {
      out.add(x);
    }
    return out;
  }

  /** Resource types for generated handles: {@code n} fresh host resource types {@code r0}…. */
  public static List<ResourceType> resourceTypes(int n) {
    List<ResourceType> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new ResourceType("r" + i));
    }
    return out;
  }
}

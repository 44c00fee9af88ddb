package dev.trellis.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.engine.runtime.Val;
import dev.trellis.engine.types.BorrowType;
import dev.trellis.engine.types.EnumType;
import dev.trellis.engine.types.FlagsType;
import dev.trellis.engine.types.ListType;
import dev.trellis.engine.types.OptionType;
import dev.trellis.engine.types.OwnType;
import dev.trellis.engine.types.PrimType;
import dev.trellis.engine.types.RecordType;
import dev.trellis.engine.types.ResultType;
import dev.trellis.engine.types.TupleType;
import dev.trellis.engine.types.ValType;
import dev.trellis.engine.types.VariantType;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import net.jqwik.api.Example;

/**
 * The arbitraries generate what they promise: every sync type (flags of 1 to 64 labels,
 * variants of 1 to 300 cases, nested lists, options and results, handles), bounded in depth and
 * width; and values with NaN payloads, edge and astral {@code char}s (never a surrogate), and
 * strings mixing ASCII, Latin-1, BMP and astral code points.
 */
class ArbitrariesTest {
  static final int SAMPLES = 3000;

  @Example
  void typesCoverEverySyncTypeWithinTheirBounds() {
    TypeBounds b = RoundTripProperties.BOUNDS;
    Set<String> kinds = new HashSet<>();
    Set<Integer> flagCounts = new HashSet<>();
    Set<Integer> caseCounts = new HashSet<>();
    boolean[] nested = new boolean[3]; // list in list, option in option/result, result in list
    AbiArbitraries.types(b).sampleStream().limit(SAMPLES).forEach(t -> {
      assertThat(depth(t)).isLessThanOrEqualTo(b.maxDepth());
      walk(t, u -> {
        kinds.add(kind(u));
        switch (u) {
          case FlagsType f -> {
            assertThat(f.labels().size()).isBetween(1, b.maxFlags());
            flagCounts.add(f.labels().size());
          }
          case VariantType v -> {
            assertThat(v.cases().size()).isBetween(1, b.maxCases());
            assertThat(v.cases().stream().filter(c -> c.type() != null).count()).isLessThanOrEqualTo(b.maxWidth());
            caseCounts.add(v.cases().size());
          }
          case RecordType r -> assertThat(r.fields().size()).isBetween(1, b.maxWidth());
          case TupleType tu -> assertThat(tu.types().size()).isBetween(1, b.maxWidth());
          case ListType l when l.element() instanceof ListType -> nested[0] = true;
          case OptionType o when o.type() instanceof OptionType || o.type() instanceof ResultType -> nested[1] = true;
          case ListType l when l.element() instanceof ResultType -> nested[2] = true;
          default -> {
          }
        }
      });
    });
    assertThat(kinds).containsAll(List.of("bool", "s8", "u8", "s16", "u16", "s32", "u32", "s64", "u64", "f32", "f64",
        "char", "string", "list", "fixed-list", "record", "tuple", "variant", "enum", "option", "result", "flags", "own",
        "borrow"));
    assertThat(flagCounts).contains(1, 8, 9, 16, 17, 32, 33, 64);
    assertThat(caseCounts).contains(1, 256, 257, 300);
    assertThat(nested).containsOnly(true);
  }

  @Example
  void componentTypesStayInTheDefaultProfile() {
    AbiArbitraries.types(TypeBounds.component()).sampleStream().limit(SAMPLES).forEach(t -> walk(t, u -> {
      assertThat(u).isNotInstanceOf(OwnType.class).isNotInstanceOf(BorrowType.class);
      if (u instanceof FlagsType f) {
        assertThat(f.labels().size()).isLessThanOrEqualTo(32);
      }
      if (u instanceof ListType l) {
        assertThat(l.isFixed()).isFalse();
      }
    }));
  }

  @Example
  void floatsIncludeNaNPayloadsAndEdges() {
    Set<Integer> nanBits = new HashSet<>();
    Set<Integer> specials = new HashSet<>();
    AbiArbitraries.f32s().sampleStream().limit(SAMPLES).forEach(f -> {
      int bits = Float.floatToRawIntBits(f);
      if (Float.isNaN(f)) {
        nanBits.add(bits);
      } else if (f == 0 || Float.isInfinite(f) || Math.abs(f) < Float.MIN_NORMAL) {
        specials.add(bits);
      }
    });
    assertThat(nanBits.size()).as("distinct NaN payloads").isGreaterThan(50);
    assertThat(nanBits).anyMatch(b -> b < 0).anyMatch(b -> (b & 0x0040_0000) == 0); // negative, signalling
    assertThat(specials).contains(0, 0x8000_0000, 0x7F80_0000, 0xFF80_0000);
    Set<Long> nan64 = new HashSet<>();
    AbiArbitraries.f64s().sampleStream().limit(SAMPLES).filter(d -> Double.isNaN(d))
        .forEach(d -> nan64.add(Double.doubleToRawLongBits(d)));
    assertThat(nan64.size()).isGreaterThan(50);
  }

  @Example
  void charsAreScalarValuesAtEveryEdge() {
    Set<Integer> seen = new HashSet<>();
    AbiArbitraries.codePoints().sampleStream().limit(SAMPLES * 3).forEach(cp -> {
      assertThat(cp).isBetween(0, 0x10FFFF);
      assertThat(cp >= 0xD800 && cp <= 0xDFFF).as("surrogate U+%04X", cp).isFalse();
      seen.add(cp);
    });
    assertThat(seen).contains(0, 0x7F, 0x80, 0xFF, 0x100, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFF, 0x10000, 0x10FFFF);
    assertThat(seen).anyMatch(cp -> cp > 0x10000 && cp < 0x10FFFF);
  }

  @Example
  void stringsMixEveryCodePointClass() {
    int[] mixes = new int[2];
    AbiArbitraries.strings(24).sampleStream().limit(SAMPLES).forEach(s -> {
      s.codePoints().forEach(cp -> assertThat(cp >= 0xD800 && cp <= 0xDFFF).isFalse());
      assertThat(s.codePointCount(0, s.length())).isLessThanOrEqualTo(24);
      boolean ascii = s.codePoints().anyMatch(cp -> cp < 0x80);
      boolean latin1 = s.codePoints().anyMatch(cp -> cp >= 0x80 && cp < 0x100);
      boolean bmp = s.codePoints().anyMatch(cp -> cp >= 0x100 && cp < 0x10000);
      boolean astral = s.codePoints().anyMatch(cp -> cp >= 0x10000);
      if (ascii && latin1 && bmp && astral) {
        mixes[0]++;
      }
      if (!s.isEmpty() && s.chars().allMatch(c -> c < 0x100)) {
        mixes[1]++;
      }
    });
    assertThat(mixes[0]).as("strings with all four classes").isGreaterThan(SAMPLES / 20);
    assertThat(mixes[1]).as("non-empty Latin-1-only strings").isGreaterThan(SAMPLES / 10);
  }

  @Example
  void echoCasesSometimesCarryLongStringsAndCorruptions() {
    int[] seen = new int[3];
    AbiArbitraries.echoCases(TypeBounds.component(), 4, 3, AbiArbitraries.ValueBounds.SMALL, true).sampleStream()
        .limit(600).forEach(c -> {
          if (c.corruption() != null) {
            seen[0]++;
          }
          for (List<Val> args : c.calls()) {
            assertThat(args).hasSize(c.params().size());
            for (int i = 0; i < args.size(); i++) {
              assertThat(fits(c.params().get(i), args.get(i))).isTrue();
              if (longest(args.get(i)) > 500) {
                seen[1]++;
              }
            }
          }
          seen[2] = Math.max(seen[2], c.params().size());
        });
    assertThat(seen[0]).as("cases with a corruption").isBetween(100, 500);
    assertThat(seen[1]).as("arguments holding a string or byte list of 500+").isPositive();
    assertThat(seen[2]).isEqualTo(4);
  }

  static int longest(Val v) {
    return switch (v) {
      case Val.Str(String s) -> s.codePointCount(0, s.length());
      case Val.ListOf(List<Val> es) -> Math.max(es.size(), es.stream().mapToInt(ArbitrariesTest::longest).max().orElse(0));
      case Val.TupleOf(List<Val> es) -> es.stream().mapToInt(ArbitrariesTest::longest).max().orElse(0);
      case Val.RecordOf(List<Val.Field> fs) -> fs.stream().mapToInt(f -> longest(f.value())).max().orElse(0);
      case Val.VariantOf(String c, Val p) -> p == null ? 0 : longest(p);
      case Val.OptionOf(Val p) -> p == null ? 0 : longest(p);
      case Val.ResultOf(boolean ok, Val p) -> p == null ? 0 : longest(p);
      default -> 0;
    };
  }

  @Example
  void valuesFitTheirTypes() {
    AbiArbitraries.types(RoundTripProperties.BOUNDS).flatMap(t -> AbiArbitraries.values(t).map(v -> List.of(t, v)))
        .sampleStream().limit(SAMPLES).forEach(p -> assertThat(fits((ValType) p.get(0), (Val) p.get(1)))
            .as("%s : %s", p.get(1), p.get(0)).isTrue());
  }

  static boolean fits(ValType t, Val v) {
    return switch (t) {
      case PrimType p -> switch (p) {
        case BOOL -> v instanceof Val.Bool;
        case S8 -> v instanceof Val.S8;
        case U8 -> v instanceof Val.U8;
        case S16 -> v instanceof Val.S16;
        case U16 -> v instanceof Val.U16;
        case S32 -> v instanceof Val.S32;
        case U32 -> v instanceof Val.U32;
        case S64 -> v instanceof Val.S64;
        case U64 -> v instanceof Val.U64;
        case F32 -> v instanceof Val.F32;
        case F64 -> v instanceof Val.F64;
        case CHAR -> v instanceof Val.Char(int cp) && cp >= 0 && cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF);
        case STRING -> v instanceof Val.Str;
        default -> false;
      };
      case ListType l -> v instanceof Val.ListOf(List<Val> es) && (!l.isFixed() || es.size() == l.fixedLength())
          && es.stream().allMatch(e -> fits(l.element(), e));
      case RecordType r -> v instanceof Val.RecordOf(List<Val.Field> fs) && fs.size() == r.fields().size()
          && java.util.stream.IntStream.range(0, fs.size()).allMatch(i ->
              fs.get(i).name().equals(r.fields().get(i).label()) && fits(r.fields().get(i).type(), fs.get(i).value()));
      case TupleType tu -> v instanceof Val.TupleOf(List<Val> es) && es.size() == tu.types().size()
          && java.util.stream.IntStream.range(0, es.size()).allMatch(i -> fits(tu.types().get(i), es.get(i)));
      case VariantType vt -> v instanceof Val.VariantOf(String c, Val p) && vt.cases().stream().anyMatch(k ->
          k.label().equals(c) && (k.type() == null ? p == null : p != null && fits(k.type(), p)));
      case EnumType e -> v instanceof Val.EnumOf(String c) && e.labels().contains(c);
      case OptionType o -> v instanceof Val.OptionOf(Val p) && (p == null || fits(o.type(), p));
      case ResultType r -> v instanceof Val.ResultOf(boolean ok, Val p) && (ok
          ? (r.ok() == null ? p == null : p != null && fits(r.ok(), p))
          : (r.error() == null ? p == null : p != null && fits(r.error(), p)));
      case FlagsType f -> v instanceof Val.FlagsOf(List<String> ns) && f.labels().containsAll(ns);
      case OwnType o -> v instanceof Val.Own;
      case BorrowType b -> v instanceof Val.Borrow;
      default -> false;
    };
  }

  static int depth(ValType t) {
    return switch (t) {
      case ListType l -> 1 + depth(l.element());
      case RecordType r -> 1 + r.fields().stream().mapToInt(f -> depth(f.type())).max().orElse(0);
      case TupleType tu -> 1 + tu.types().stream().mapToInt(ArbitrariesTest::depth).max().orElse(0);
      case VariantType v -> 1 + v.cases().stream().filter(c -> c.type() != null).mapToInt(c -> depth(c.type()))
          .max().orElse(0);
      case OptionType o -> 1 + depth(o.type());
      case ResultType r -> 1 + Math.max(r.ok() == null ? 0 : depth(r.ok()), r.error() == null ? 0 : depth(r.error()));
      default -> 0;
    };
  }

  static void walk(ValType t, Consumer<ValType> f) {
    f.accept(t);
    switch (t) {
      case ListType l -> walk(l.element(), f);
      case RecordType r -> r.fields().forEach(x -> walk(x.type(), f));
      case TupleType tu -> tu.types().forEach(x -> walk(x, f));
      case VariantType v -> v.cases().stream().filter(c -> c.type() != null).forEach(c -> walk(c.type(), f));
      case OptionType o -> walk(o.type(), f);
      case ResultType r -> {
        if (r.ok() != null) {
          walk(r.ok(), f);
        }
        if (r.error() != null) {
          walk(r.error(), f);
        }
      }
      default -> {
      }
    }
  }

  static String kind(ValType t) {
    return switch (t) {
      case PrimType p -> p.text();
      case ListType l -> l.isFixed() ? "fixed-list" : "list";
      case RecordType r -> "record";
      case TupleType tu -> "tuple";
      case VariantType v -> "variant";
      case EnumType e -> "enum";
      case OptionType o -> "option";
      case ResultType r -> "result";
      case FlagsType f -> "flags";
      case OwnType o -> "own";
      case BorrowType b -> "borrow";
      default -> t.toString();
    };
  }
}

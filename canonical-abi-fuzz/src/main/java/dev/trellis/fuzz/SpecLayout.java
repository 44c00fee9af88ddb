package dev.trellis.fuzz;

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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code alignment}, {@code elem_size}, {@code flatten_type} and field/payload offsets written
 * down again, independently of the engine, straight from the
 * Python of CanonicalABI.md ("Alignment", "Element Size", "Flattening"). Flags wider than 32
 * labels, which the spec no longer allows, take the legacy layout the engine documents: one
 * {@code i32} per 32 labels. The oracle of the layout properties, and what the differential
 * generator lays its core code out with (so a wrong engine layout shows as a disagreement).
 */
final class SpecLayout {
  private SpecLayout() {}

  /** A despecialized shape: the spec's cases after {@code despecialize}. */
  sealed interface D permits Prim, Lst, Rec, Var, Flg, Hnd {}

  record Prim(PrimType p) implements D {}

  record Lst(ValType elem, long fixed) implements D {}

  record Rec(List<ValType> fields) implements D {}

  /** Cases' payload types, null for none. */
  record Var(List<ValType> cases) implements D {}

  record Flg(int n) implements D {}

  record Hnd() implements D {}

  static D despecialize(ValType t) {
    return switch (t) {
      case PrimType p -> new Prim(p);
      case ListType l -> new Lst(l.element(), l.fixedLength());
      case RecordType r -> new Rec(r.fields().stream().map(RecordType.Field::type).toList());
      case TupleType tu -> new Rec(tu.types());
      case VariantType v -> new Var(v.cases().stream().map(VariantType.Case::type).toList());
      case EnumType e -> new Var(java.util.Collections.nCopies(e.labels().size(), null));
      case OptionType o -> new Var(Arrays.asList(null, o.type()));
      case ResultType r -> new Var(Arrays.asList(r.ok(), r.error()));
      case FlagsType f -> new Flg(f.labels().size());
      case OwnType o -> new Hnd();
      case BorrowType b -> new Hnd();
      default -> throw new IllegalArgumentException("not a sync value type: " + t);
    };
  }

  static int alignment(ValType t) {
    return switch (despecialize(t)) {
      case Prim(PrimType p) -> switch (p) {
        case BOOL, S8, U8 -> 1;
        case S16, U16 -> 2;
        case S32, U32, F32, CHAR -> 4;
        case S64, U64, F64 -> 8;
        case STRING -> 4;
        default -> throw new IllegalArgumentException(p.toString());
      };
      case Lst(ValType e, long fixed) -> fixed >= 0 ? alignment(e) : 4;
      case Rec(List<ValType> fs) -> fs.stream().mapToInt(SpecLayout::alignment).max().orElse(1);
      case Var(List<ValType> cs) -> Math.max(discriminantSize(cs.size()), maxCaseAlignment(cs));
      case Flg(int n) -> n <= 8 ? 1 : n <= 16 ? 2 : 4;
      case Hnd h -> 4;
    };
  }

  static int discriminantSize(int n) {
    return n <= 256 ? 1 : n <= 65536 ? 2 : 4;
  }

  static int maxCaseAlignment(List<ValType> cases) {
    int a = 1;
    for (ValType c : cases) {
      if (c != null) {
        a = Math.max(a, alignment(c));
      }
    }
    return a;
  }

  static long alignTo(long p, int a) {
    return (p + a - 1) / a * a;
  }

  static int elemSize(ValType t) {
    return switch (despecialize(t)) {
      case Prim(PrimType p) -> switch (p) {
        case BOOL, S8, U8 -> 1;
        case S16, U16 -> 2;
        case S32, U32, F32, CHAR -> 4;
        case S64, U64, F64 -> 8;
        case STRING -> 8;
        default -> throw new IllegalArgumentException(p.toString());
      };
      case Lst(ValType e, long fixed) -> fixed >= 0 ? (int) (fixed * elemSize(e)) : 8;
      case Rec(List<ValType> fs) -> {
        long s = 0;
        for (ValType f : fs) {
          s = alignTo(s, alignment(f)) + elemSize(f);
        }
        yield (int) alignTo(s, alignment(t));
      }
      case Var(List<ValType> cs) -> {
        long s = alignTo(discriminantSize(cs.size()), maxCaseAlignment(cs));
        long cs0 = 0;
        for (ValType c : cs) {
          if (c != null) {
            cs0 = Math.max(cs0, elemSize(c));
          }
        }
        yield (int) alignTo(s + cs0, alignment(t));
      }
      case Flg(int n) -> n <= 8 ? 1 : n <= 16 ? 2 : 4 * ((n + 31) / 32);
      case Hnd h -> 4;
    };
  }

  /** Byte offsets of a record's (or tuple's) fields. */
  static int[] fieldOffsets(List<ValType> fields) {
    int[] out = new int[fields.size()];
    long s = 0;
    for (int i = 0; i < out.length; i++) {
      s = alignTo(s, alignment(fields.get(i)));
      out[i] = (int) s;
      s += elemSize(fields.get(i));
    }
    return out;
  }

  /** The offset of a variant's payload. */
  static int payloadOffset(List<ValType> cases) {
    return (int) alignTo(discriminantSize(cases.size()), maxCaseAlignment(cases));
  }

  /** {@code flatten_type}, as the strings "i32", "i64", "f32", "f64". */
  static List<String> flatten(ValType t) {
    List<String> out = new ArrayList<>();
    switch (despecialize(t)) {
      case Prim(PrimType p) -> {
        switch (p) {
          case S64, U64 -> out.add("i64");
          case F32 -> out.add("f32");
          case F64 -> out.add("f64");
          case STRING -> out.addAll(List.of("i32", "i32"));
          default -> out.add("i32");
        }
      }
      case Lst(ValType e, long fixed) -> {
        if (fixed >= 0) {
          for (long i = 0; i < fixed; i++) {
            out.addAll(flatten(e));
          }
        } else {
          out.addAll(List.of("i32", "i32"));
        }
      }
      case Rec(List<ValType> fs) -> fs.forEach(f -> out.addAll(flatten(f)));
      case Var(List<ValType> cs) -> {
        List<String> flat = new ArrayList<>();
        for (ValType c : cs) {
          if (c != null) {
            List<String> ft = flatten(c);
            for (int i = 0; i < ft.size(); i++) {
              if (i < flat.size()) {
                flat.set(i, join(flat.get(i), ft.get(i)));
              } else {
                flat.add(ft.get(i));
              }
            }
          }
        }
        out.add("i32");
        out.addAll(flat);
      }
      case Flg(int n) -> {
        for (int i = 0; i < Math.max(1, (n + 31) / 32); i++) {
          out.add("i32");
        }
      }
      case Hnd h -> out.add("i32");
    }
    return out;
  }

  static String join(String a, String b) {
    if (a.equals(b)) {
      return a;
    }
    if ((a.equals("i32") && b.equals("f32")) || (a.equals("f32") && b.equals("i32"))) {
      return "i32";
    }
    return "i64";
  }
}

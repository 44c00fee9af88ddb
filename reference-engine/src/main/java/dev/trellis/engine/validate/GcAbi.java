package dev.trellis.engine.validate;

import dev.trellis.engine.binary.CanonOpt;
import dev.trellis.engine.binary.CoreCompType;
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
import dev.trellis.engine.types.CoreType;
import java.util.ArrayList;
import java.util.List;

/**
 * The GC-based Canonical ABI variant selected by the {@code gc} option (cm-gc, proposed in
 * component-model issue #525; not yet in CanonicalABI.md). Instead of flattening into linear
 * memory, each component value maps to one core value: integers, floats, chars, enums and
 * flags to numbers; strings and lists to references to (possibly packed) GC arrays; records
 * and tuples to references to structs with one field per field; variants, options and results
 * to references to (field-less) structs; handles, streams, futures and error contexts to
 * {@code externref}s. A lowering names its core function type with {@code (core-type t)}; a
 * lifting takes the callee's own type.
 */
final class GcAbi {
  private GcAbi() {}

  private static final int PACKED_I8 = 0x78;
  private static final int PACKED_I16 = 0x77;

  /** The core function type of {@code canon lower ... gc (core-type t)}, checked against {@code ft}. */
  static CoreCompType.Func lowerType(Scope s, FuncType ft, CanonOptions o, long off) {
    CoreCompType.Func f = s.coreFuncType(s.coreTypes, o.coreType(), off);
    check(s, ft, f, o, off);
    return f;
  }

  /** Checks a lift callee: one core parameter per component parameter, matching in kind. */
  static void checkCallee(Scope s, FuncType ft, CoreCompType.Func callee, CanonOptions o, int index, long off) {
    if (callee.params().size() != ft.params().size()) {
      throw Scope.invalid(off, "core function " + index + " has " + callee.params().size()
          + " parameters, but the lifted function type has " + ft.params().size() + " (the `gc` ABI passes one core value per parameter)");
    }
    if (callee.results().size() != ft.results().size()) {
      throw Scope.invalid(off, "core function " + index + " has " + callee.results().size()
          + " results, but the lifted function type has " + ft.results().size());
    }
    for (int i = 0; i < callee.params().size(); i++) {
      shape(ft.params().get(i).type(), callee.params().get(i), off);
    }
    for (int i = 0; i < callee.results().size(); i++) {
      shape(ft.results().get(i), callee.results().get(i), off);
    }
  }

  /** A lift callee's types live in its module's type space: only the kind of each value can be checked here. */
  private static void shape(ValType t, CoreValType c, long off) {
    CoreValType scalar = scalar(t);
    if (scalar != null) {
      if (!c.equals(scalar)) {
        throw Scope.invalid(off, "expected to lower component `" + Subtyping.valKind(t) + "` type to core `"
            + Subtyping.coreVal(scalar) + "` type, found `" + Subtyping.coreVal(c) + "`");
      }
    } else if (!(c instanceof CoreValType.Ref)) {
      throw Scope.invalid(off, "expected to lower component `" + Subtyping.valKind(t)
          + "` type to a core reference type, found `" + Subtyping.coreVal(c) + "`");
    }
  }

  /** The core number type a scalar component type maps to, or null for a non-scalar. */
  private static CoreValType scalar(ValType t) {
    return switch (t) {
      case PrimType p -> switch (p) {
        case BOOL, S8, U8, S16, U16, S32, U32, CHAR -> CoreValType.Num.I32;
        case S64, U64 -> CoreValType.Num.I64;
        case F32 -> CoreValType.Num.F32;
        case F64 -> CoreValType.Num.F64;
        default -> null;
      };
      case EnumType e -> CoreValType.Num.I32;
      case FlagsType f -> CoreValType.Num.I32;
      default -> null;
    };
  }

  private static void check(Scope s, FuncType ft, CoreCompType.Func f, CanonOptions o, long off) {
    if (f.params().size() != ft.params().size()) {
      throw Scope.invalid(off, "core type has " + f.params().size() + " parameters, but the component function has "
          + ft.params().size());
    }
    if (f.results().size() != ft.results().size()) {
      throw Scope.invalid(off, "core type has " + f.results().size() + " results, but the component function has "
          + ft.results().size());
    }
    for (int i = 0; i < f.params().size(); i++) {
      lower(s, ft.params().get(i).type(), f.params().get(i), o, off);
    }
    for (int i = 0; i < f.results().size(); i++) {
      lower(s, ft.results().get(i), f.results().get(i), o, off);
    }
  }

  /** The array or struct type a concrete reference names, or null. */
  private static CoreCompType target(Scope s, CoreValType c) {
    if (c instanceof CoreValType.Ref r && r.isConcrete() && r.typeIndex() < s.coreTypes.size()
        && s.coreTypes.get(r.typeIndex()) instanceof CoreType.Sub sub) {
      return sub.type().comp();
    }
    return null;
  }

  private static String stringElement(CanonOptions o) {
    return o.stringEncoding() == CanonOpt.StringEncoding.UTF16 ? "i16" : "i8";
  }

  /** Checks that component type {@code t} lowers to core type {@code c}. */
  static void lower(Scope s, ValType t, CoreValType c, CanonOptions o, long off) {
    CoreValType sc = scalar(t);
    if (sc != null) {
      if (!c.equals(sc)) {
        boolean aggregate = t instanceof EnumType || t instanceof FlagsType;
        throw Scope.invalid(off, "expected to lower component `" + Subtyping.valKind(t) + "` type "
            + (aggregate ? "into" : "to") + " core `" + Subtyping.coreVal(sc) + "` type, "
            + (aggregate ? "but found" : "found") + " `" + Subtyping.coreVal(c) + "`");
      }
      return;
    }
    switch (t) {
      case PrimType p when p == PrimType.STRING -> {
        int want = o.stringEncoding() == CanonOpt.StringEncoding.UTF16 ? PACKED_I16 : PACKED_I8;
        if (!(target(s, c) instanceof CoreCompType.Array a) || a.element().packed() != want) {
          throw Scope.invalid(off, "expected to lower component `string` type to core `(ref null? (array (mut? "
              + stringElement(o) + ")))` type, found `" + Subtyping.coreVal(c) + "`");
        }
      }
      case PrimType p -> externref(t, c, off);
      case ListType l -> {
        if (!(target(s, c) instanceof CoreCompType.Array a)) {
          throw Scope.invalid(off, "expected to lower component `list` type into `(ref null? (array ...))`, but found `"
              + Subtyping.coreVal(c) + "`");
        }
        storage(s, l.element(), a.element(), o, off);
      }
      case MapType m -> {
        if (!(target(s, c) instanceof CoreCompType.Array a)) {
          throw Scope.invalid(off, "expected to lower component `map` type into `(ref null? (array ...))`, but found `"
              + Subtyping.coreVal(c) + "`");
        }
        storage(s, new TupleType(List.of(m.key(), m.value())), a.element(), o, off);
      }
      case RecordType r -> struct(s, "record", r.fields().stream().map(RecordType.Field::type).toList(), c, o, off);
      case TupleType tt -> struct(s, "tuple", tt.types(), c, o, off);
      case VariantType v -> emptyStruct(s, "variant", c, off);
      case OptionType op -> emptyStruct(s, "option", c, off);
      case ResultType r -> emptyStruct(s, "result", c, off);
      case OwnType ow -> externref(t, c, off);
      case BorrowType b -> externref(t, c, off);
      case StreamType st -> externref(t, c, off);
      case FutureType f -> externref(t, c, off);
      default -> throw Scope.invalid(off, "component `" + Subtyping.valKind(t) + "` type cannot be lowered with the `gc` option");
    }
  }

  private static void externref(ValType t, CoreValType c, long off) {
    if (!(c instanceof CoreValType.Ref r) || r.isConcrete() || r.heap() != CoreValType.Ref.EXTERN) {
      throw Scope.invalid(off, "expected to lower component `" + Subtyping.valKind(t)
          + "` type into core `(ref null? extern)` type, but found `" + Subtyping.coreVal(c) + "`");
    }
  }

  private static void emptyStruct(Scope s, String kind, CoreValType c, long off) {
    if (!(target(s, c) instanceof CoreCompType.Struct st) || !st.fields().isEmpty()) {
      throw Scope.invalid(off, "expected to lower component `" + kind + "` type to core `(ref null? (struct))` type, found `"
          + Subtyping.coreVal(c) + "`");
    }
  }

  private static void struct(Scope s, String kind, List<ValType> fields, CoreValType c, CanonOptions o, long off) {
    if (!(target(s, c) instanceof CoreCompType.Struct st)) {
      throw Scope.invalid(off, "expected to lower component `" + kind + "` type to core `(ref null? (struct ...))`, but found `"
          + Subtyping.coreVal(c) + "`");
    }
    if (st.fields().size() != fields.size()) {
      throw Scope.invalid(off, "core `struct` has " + st.fields().size() + " fields, but component `" + kind + "` has "
          + fields.size() + " fields");
    }
    for (int i = 0; i < fields.size(); i++) {
      storage(s, fields.get(i), st.fields().get(i), o, off);
    }
  }

  /** A value stored in a GC array element or struct field: small integers are packed. */
  private static void storage(Scope s, ValType t, CoreCompType.FieldType f, CanonOptions o, long off) {
    int packed = switch (t) {
      case PrimType p when p == PrimType.BOOL || p == PrimType.U8 || p == PrimType.S8 -> PACKED_I8;
      case PrimType p when p == PrimType.U16 || p == PrimType.S16 -> PACKED_I16;
      default -> 0;
    };
    if (packed != 0) {
      if (f.packed() != packed) {
        String found = f.packed() == PACKED_I8 ? "i8" : f.packed() == PACKED_I16 ? "i16" : Subtyping.coreVal(f.type());
        throw Scope.invalid(off, "expected to lower component `" + Subtyping.valKind(t) + "` type to core `"
            + (packed == PACKED_I8 ? "i8" : "i16") + "` type, found `" + found + "`");
      }
      return;
    }
    if (f.packed() != 0) {
      throw Scope.invalid(off, "expected to lower component `" + Subtyping.valKind(t) + "` type to an unpacked core type, found `"
          + (f.packed() == PACKED_I8 ? "i8" : "i16") + "`");
    }
    lower(s, t, f.type(), o, off);
  }

  static List<CoreValType> none() {
    return new ArrayList<>();
  }
}

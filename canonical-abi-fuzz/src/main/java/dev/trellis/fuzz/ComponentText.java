package dev.trellis.fuzz;

import dev.trellis.engine.binary.CanonOpt.StringEncoding;
import dev.trellis.engine.runtime.Val;
import dev.trellis.engine.types.EnumType;
import dev.trellis.engine.types.FlagsType;
import dev.trellis.engine.types.ListType;
import dev.trellis.engine.types.OptionType;
import dev.trellis.engine.types.PrimType;
import dev.trellis.engine.types.RecordType;
import dev.trellis.engine.types.ResultType;
import dev.trellis.engine.types.TupleType;
import dev.trellis.engine.types.ValType;
import dev.trellis.engine.types.VariantType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Component text for types and values: type definitions for a component scope, and value
 * constants as {@code .wast} scripts write them ({@code (u32.const 7)}, {@code (str.const "…")},
 * {@code (record.const (field "f0" …))}, …), floats bit-exact.
 */
final class ComponentText {
  private ComponentText() {}

  /** How a scope makes its records, variants, enums and flags nameable. */
  enum Naming {
    /** Defined and exported ({@code (export $tN "tN" (type $tN'))}); references use the export. */
    EXPORT,
    /** Defined only: for functions that are not exported themselves. */
    ANONYMOUS,
    /**
     * Defined and imported as {@code (import "import-type-tN" (type $tN (eq $tN')))}, the way
     * wit-component's shims re-export an interface: references use the import.
     */
    IMPORT
  }

  /**
   * The type definitions of one component scope. Every compound type is defined once as
   * {@code (type $tN …)}; records, variants, enums and flags are named as {@link Naming} says
   * (the external visibility rule: a type of an exported function must be named).
   */
  static final class Scope {
    private final StringBuilder defs = new StringBuilder();
    private final Map<ValType, String> refs = new HashMap<>();
    private final java.util.LinkedHashMap<String, ValType> imported = new java.util.LinkedHashMap<>();
    private final String indent;
    private final Naming naming;
    private final String prefix;
    private int next;

    /** A scope whose type identifiers (and export names) are {@code prefix} and a number. */
    Scope(String indent, Naming naming, String prefix) {
      this.indent = indent;
      this.naming = naming;
      this.prefix = prefix;
    }

    /** The definitions emitted so far. */
    String definitions() {
      return defs.toString();
    }

    /** In {@link Naming#IMPORT}: the type imports made, by import name, in order. */
    Map<String, ValType> typeImports() {
      return imported;
    }

    /** How to refer to {@code t} in this scope, defining it (and its parts) first if needed. */
    String ref(ValType t) {
      if (t instanceof PrimType p) {
        return p.text();
      }
      String known = refs.get(t);
      if (known != null) {
        return known;
      }
      String body = switch (t) {
        case ListType l -> "(list " + ref(l.element()) + ")";
        case TupleType tu -> "(tuple" + joinRefs(tu.types()) + ")";
        case OptionType o -> "(option " + ref(o.type()) + ")";
        case ResultType r -> "(result" + (r.ok() == null ? "" : " " + ref(r.ok()))
            + (r.error() == null ? "" : " (error " + ref(r.error()) + ")") + ")";
        case RecordType r -> {
          StringBuilder sb = new StringBuilder("(record");
          for (RecordType.Field f : r.fields()) {
            sb.append(" (field ").append(quote(f.label())).append(' ').append(ref(f.type())).append(')');
          }
          yield sb.append(')').toString();
        }
        case VariantType v -> {
          StringBuilder sb = new StringBuilder("(variant");
          for (VariantType.Case c : v.cases()) {
            sb.append(" (case ").append(quote(c.label()));
            if (c.type() != null) {
              sb.append(' ').append(ref(c.type()));
            }
            sb.append(')');
          }
          yield sb.append(')').toString();
        }
        case EnumType e -> "(enum" + quoteAll(e.labels()) + ")";
        case FlagsType f -> "(flags" + quoteAll(f.labels()) + ")";
        default -> throw new IllegalArgumentException("no component text for " + t);
      };
      String name = prefix + next++;
      boolean nominal = t instanceof RecordType || t instanceof VariantType || t instanceof EnumType
          || t instanceof FlagsType;
      if (nominal && naming != Naming.ANONYMOUS) {
        defs.append(indent).append("(type $").append(name).append("' ").append(body).append(")\n");
        if (naming == Naming.EXPORT) {
          defs.append(indent).append("(export $").append(name).append(" \"").append(name).append("\" (type $")
              .append(name).append("'))\n");
        } else {
          String importName = "import-type-" + name;
          defs.append(indent).append("(import \"").append(importName).append("\" (type $").append(name)
              .append(" (eq $").append(name).append("')))\n");
          imported.put(importName, t);
        }
      } else {
        defs.append(indent).append("(type $").append(name).append(' ').append(body).append(")\n");
      }
      String ref = "$" + name;
      refs.put(t, ref);
      return ref;
    }

    private String joinRefs(List<ValType> ts) {
      StringBuilder sb = new StringBuilder();
      for (ValType t : ts) {
        sb.append(' ').append(ref(t));
      }
      return sb.toString();
    }
  }

  static String quoteAll(List<String> labels) {
    StringBuilder sb = new StringBuilder();
    for (String l : labels) {
      sb.append(' ').append(quote(l));
    }
    return sb.toString();
  }

  /**
   * A text-format string literal: printable ASCII as is, everything else as a unicode escape
   * (backslash, {@code u}, the code point in hex in braces).
   */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    s.codePoints().forEach(cp -> {
      if (cp == '"' || cp == '\\') {
        sb.append('\\').append((char) cp);
      } else if (cp >= 0x20 && cp < 0x7F) {
        sb.append((char) cp);
      } else {
        sb.append("\\u{").append(Integer.toHexString(cp)).append('}');
      }
    });
    return sb.append('"').toString();
  }

  static String encoding(StringEncoding e) {
    return "string-encoding=" + switch (e) {
      case UTF8 -> "utf8";
      case UTF16 -> "utf16";
      case LATIN1_UTF16 -> "latin1+utf16";
    };
  }

  /** {@code v} as a {@code .wast} value constant. */
  static String constant(Val v) {
    StringBuilder sb = new StringBuilder();
    constant(v, sb);
    return sb.toString();
  }

  private static void constant(Val v, StringBuilder sb) {
    switch (v) {
      case Val.Bool(boolean b) -> sb.append("(bool.const ").append(b).append(')');
      case Val.S8(byte x) -> sb.append("(s8.const ").append(x).append(')');
      case Val.U8(int x) -> sb.append("(u8.const ").append(x).append(')');
      case Val.S16(short x) -> sb.append("(s16.const ").append(x).append(')');
      case Val.U16(int x) -> sb.append("(u16.const ").append(x).append(')');
      case Val.S32(int x) -> sb.append("(s32.const ").append(x).append(')');
      case Val.U32(long x) -> sb.append("(u32.const ").append(x).append(')');
      case Val.S64(long x) -> sb.append("(s64.const ").append(x).append(')');
      case Val.U64(long x) -> sb.append("(u64.const ").append(Long.toUnsignedString(x)).append(')');
      case Val.F32(float f) -> sb.append("(f32.const ").append(f32(f)).append(')');
      case Val.F64(double d) -> sb.append("(f64.const ").append(f64(d)).append(')');
      case Val.Char(int cp) -> sb.append("(char.const ").append(quote(Character.toString(cp))).append(')');
      case Val.Str(String s) -> sb.append("(str.const ").append(quote(s)).append(')');
      case Val.ListOf(List<Val> es) -> all("(list.const", es, sb);
      case Val.TupleOf(List<Val> es) -> all("(tuple.const", es, sb);
      case Val.RecordOf(List<Val.Field> fs) -> {
        sb.append("(record.const");
        for (Val.Field f : fs) {
          sb.append(" (field ").append(quote(f.name())).append(' ');
          constant(f.value(), sb);
          sb.append(')');
        }
        sb.append(')');
      }
      case Val.VariantOf(String c, Val p) -> {
        sb.append("(variant.const ").append(quote(c));
        if (p != null) {
          sb.append(' ');
          constant(p, sb);
        }
        sb.append(')');
      }
      case Val.EnumOf(String c) -> sb.append("(enum.const ").append(quote(c)).append(')');
      case Val.OptionOf(Val p) -> {
        if (p == null) {
          sb.append("(option.none)");
        } else {
          sb.append("(option.some ");
          constant(p, sb);
          sb.append(')');
        }
      }
      case Val.ResultOf(boolean ok, Val p) -> {
        sb.append(ok ? "(result.ok" : "(result.err");
        if (p != null) {
          sb.append(' ');
          constant(p, sb);
        }
        sb.append(')');
      }
      case Val.FlagsOf(List<String> names) -> sb.append("(flags.const").append(quoteAll(names)).append(')');
      case Val.Own o -> throw new IllegalArgumentException("no constant for a resource handle");
      case Val.Borrow b -> throw new IllegalArgumentException("no constant for a resource handle");
    }
  }

  private static void all(String head, List<Val> es, StringBuilder sb) {
    sb.append(head);
    for (Val e : es) {
      sb.append(' ');
      constant(e, sb);
    }
    sb.append(')');
  }

  /** An f32 in text, bit-exact: hex floats, {@code inf}, {@code nan:0x…} with its sign and payload. */
  static String f32(float f) {
    int bits = Float.floatToRawIntBits(f);
    String sign = bits < 0 ? "-" : "";
    if (Float.isNaN(f)) {
      return sign + "nan:0x" + Integer.toHexString(bits & 0x7F_FFFF);
    }
    if (Float.isInfinite(f)) {
      return sign + "inf";
    }
    return Float.toHexString(f);
  }

  /** An f64 in text, bit-exact. */
  static String f64(double d) {
    long bits = Double.doubleToRawLongBits(d);
    String sign = bits < 0 ? "-" : "";
    if (Double.isNaN(d)) {
      return sign + "nan:0x" + Long.toHexString(bits & 0xF_FFFF_FFFF_FFFFL);
    }
    if (Double.isInfinite(d)) {
      return sign + "inf";
    }
    return Double.toHexString(d);
  }
}

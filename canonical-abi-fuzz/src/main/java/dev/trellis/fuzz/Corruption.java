package dev.trellis.fuzz;

import dev.trellis.engine.binary.CanonOpt.StringEncoding;
import dev.trellis.engine.runtime.Val;
import dev.trellis.engine.types.PrimType;
import dev.trellis.engine.types.ValType;
import java.util.ArrayList;
import java.util.List;

/**
 * One word of an echoed result overwritten by core code before it is lifted: in the inner
 * component (so the component-to-component adapter lifts it) or in the outer one (so the host
 * does). What the spec says must follow is {@link #expect}: a trap ({@code trap_if} of a bad
 * discriminant, a {@code char} that is no scalar value, a string or list past memory, misaligned,
 * too long or — strings — not valid in their encoding), or the value, changed as the spec's
 * lifting reads it ({@code convert_int_to_bool} makes any non-zero byte {@code true};
 * {@code unpack_flags_from_int} ignores bits past the last flag).
 *
 * @param outer corrupt in the outer component (host lifting) rather than the inner (adapter)
 * @param site which {@link Site} of the result's static layout
 * @param kind what to write there
 * @param param a free parameter of the write (the non-zero byte of a bool, which bad char, …)
 */
public record Corruption(boolean outer, int site, Kind kind, int param) {

  /** What is written. */
  public enum Kind {
    /** A discriminant one past the last case. */
    DISCRIMINANT,
    /** A {@code char} that is a surrogate or above U+10FFFF. */
    CHAR,
    /** A bool byte (or core value) other than 0 and 1: lifts as {@code true}. */
    BOOL,
    /** Flag bits past the last flag: ignored. */
    FLAG_BITS,
    /** A string or list pointer past the end of memory. */
    POINTER_OUT_OF_BOUNDS,
    /** A string (utf16, latin1+utf16) or list (elements aligned to 2 or more) pointer one byte off. */
    POINTER_MISALIGNED,
    /** A string or list length past {@code MAX_STRING/LIST_BYTE_LENGTH}. */
    LENGTH_TOO_LONG,
    /** The first code unit of a non-empty utf8 or utf16 string made invalid (Latin-1 cannot be invalid). */
    CONTENT
  }

  /** A place in the static layout of a value: memory offsets from the result pointer, or the one core value. */
  public sealed interface Site permits BoolSite, CharSite, DiscSite, FlagsSite, StringSite, ListSite {
    /** The path from the result to the place: {@code f<i>} a field or element, {@code c<i>} a variant case. */
    List<String> path();

    /** Discriminants that must hold the given case for the place to exist: {offset, width, case}. */
    List<long[]> guards();

    long offset();
  }

  public record BoolSite(List<String> path, List<long[]> guards, long offset) implements Site {}

  public record CharSite(List<String> path, List<long[]> guards, long offset) implements Site {}

  public record DiscSite(List<String> path, List<long[]> guards, long offset, int width, int cases) implements Site {}

  public record FlagsSite(List<String> path, List<long[]> guards, long offset, int size, int labels) implements Site {}

  public record StringSite(List<String> path, List<long[]> guards, long offset) implements Site {}

  public record ListSite(List<String> path, List<long[]> guards, long offset, int elemAlign) implements Site {}

  /**
   * The sites of a value of type {@code t}: in memory (the result is returned through memory)
   * or, for a one-core-value result, that value (offset 0, no guards).
   */
  public static List<Site> sites(ValType t, boolean memory) {
    List<Site> out = new ArrayList<>();
    walk(t, 0, List.of(), List.of(), memory, out);
    return out;
  }

  private static void walk(ValType t, long off, List<String> path, List<long[]> guards, boolean memory,
      List<Site> out) {
    switch (SpecLayout.despecialize(t)) {
      case SpecLayout.Prim(PrimType p) -> {
        switch (p) {
          case BOOL -> out.add(new BoolSite(path, guards, off));
          case CHAR -> out.add(new CharSite(path, guards, off));
          case STRING -> out.add(new StringSite(path, guards, off));
          default -> {
          }
        }
      }
      case SpecLayout.Lst(ValType e, long fixed) -> {
        if (fixed < 0) {
          out.add(new ListSite(path, guards, off, SpecLayout.alignment(e)));
        }
      }
      case SpecLayout.Rec(List<ValType> fs) -> {
        int[] offs = SpecLayout.fieldOffsets(fs);
        for (int i = 0; i < fs.size(); i++) {
          walk(fs.get(i), off + offs[i], plus(path, "f" + i), guards, memory, out);
        }
      }
      case SpecLayout.Var(List<ValType> cs) -> {
        int w = SpecLayout.discriminantSize(cs.size());
        out.add(new DiscSite(path, guards, off, memory ? w : 4, cs.size()));
        if (memory) {
          long at = off + SpecLayout.payloadOffset(cs);
          for (int c = 0; c < cs.size(); c++) {
            if (cs.get(c) != null) {
              List<long[]> g = new ArrayList<>(guards);
              g.add(new long[] {off, w, c});
              walk(cs.get(c), at, plus(path, "c" + c), List.copyOf(g), true, out);
            }
          }
        }
      }
      case SpecLayout.Flg(int n) -> out.add(new FlagsSite(path, guards, off, memory ? SpecLayout.elemSize(t) : 4, n));
      case SpecLayout.Hnd h -> {
      }
    }
  }

  private static List<String> plus(List<String> path, String step) {
    List<String> p = new ArrayList<>(path);
    p.add(step);
    return List.copyOf(p);
  }

  /** The kinds that apply to {@code s}. */
  public static List<Kind> kinds(Site s) {
    return switch (s) {
      case BoolSite b -> List.of(Kind.BOOL);
      case CharSite c -> List.of(Kind.CHAR);
      case DiscSite d -> d.cases() < (1L << (8 * d.width())) ? List.of(Kind.DISCRIMINANT) : List.of();
      case FlagsSite f -> f.labels() < 8 * Math.min(f.size(), 4) ? List.of(Kind.FLAG_BITS) : List.of();
      case StringSite st -> List.of(Kind.POINTER_OUT_OF_BOUNDS, Kind.POINTER_MISALIGNED, Kind.LENGTH_TOO_LONG,
          Kind.CONTENT);
      case ListSite l -> l.elemAlign() > 1
          ? List.of(Kind.POINTER_OUT_OF_BOUNDS, Kind.POINTER_MISALIGNED, Kind.LENGTH_TOO_LONG)
          : List.of(Kind.POINTER_OUT_OF_BOUNDS, Kind.LENGTH_TOO_LONG);
    };
  }

  /** What a call must do: trap, or return {@code value}. */
  public record Expectation(boolean trap, Val value, String why) {}

  /**
   * What must happen when the result {@code v} (of type {@code t}) is corrupted this way in a
   * memory whose strings are in {@code enc}.
   */
  public Expectation expect(ValType t, Val v, boolean memory, StringEncoding enc) {
    Site s = sites(t, memory).get(site);
    Val at = at(v, s.path());
    if (at == null) {
      return new Expectation(false, v, "the corrupted place is in a variant case the value does not have");
    }
    return switch (kind) {
      case DISCRIMINANT -> new Expectation(true, null, "invalid variant discriminant");
      case CHAR -> new Expectation(true, null, "invalid `char` bit pattern");
      case BOOL -> new Expectation(false, replace(v, s.path(), new Val.Bool(true)), "a non-zero bool is true");
      case FLAG_BITS -> new Expectation(false, v, "flag bits past the last flag are ignored");
      case POINTER_OUT_OF_BOUNDS -> new Expectation(true, null, "pointer out of bounds");
      case POINTER_MISALIGNED -> {
        if (s instanceof StringSite && enc == StringEncoding.UTF8) {
          throw new IllegalStateException("a utf8 string has no alignment to break");
        }
        yield new Expectation(true, null, "unaligned pointer");
      }
      case LENGTH_TOO_LONG -> new Expectation(true, null, "length too long");
      case CONTENT -> {
        String str = ((Val.Str) at).value();
        boolean invalidated = switch (enc) {
          case UTF8, UTF16 -> !str.isEmpty();
          case LATIN1_UTF16 -> str.chars().anyMatch(c -> c >= 0x100);
        };
        yield invalidated ? new Expectation(true, null, enc == StringEncoding.UTF8 ? "invalid utf-8" : "invalid utf-16")
            : new Expectation(false, v, "nothing to invalidate in an empty or Latin-1 string");
      }
    };
  }

  /** The sub-value at {@code path}, or null when a variant step is not the value's case. */
  static Val at(Val v, List<String> path) {
    Val cur = v;
    for (String step : path) {
      int i = Integer.parseInt(step.substring(1));
      if (step.charAt(0) == 'f') {
        cur = switch (cur) {
          case Val.RecordOf r -> r.fields().get(i).value();
          case Val.TupleOf tu -> tu.elements().get(i);
          default -> throw new IllegalStateException("field of " + cur);
        };
      } else {
        Val payload = payloadIfCase(cur, i);
        if (payload == null) {
          return null;
        }
        cur = payload;
      }
    }
    return cur;
  }

  private static Val payloadIfCase(Val v, int c) {
    return switch (v) {
      case Val.VariantOf(String label, Val p) -> label.equals("c" + c) ? p : null;
      case Val.OptionOf(Val p) -> c == 1 ? p : null;
      case Val.ResultOf(boolean ok, Val p) -> (c == 0) == ok ? p : null;
      default -> throw new IllegalStateException("case of " + v);
    };
  }

  static Val replace(Val v, List<String> path, Val with) {
    if (path.isEmpty()) {
      return with;
    }
    String step = path.getFirst();
    List<String> rest = path.subList(1, path.size());
    int i = Integer.parseInt(step.substring(1));
    return switch (v) {
      case Val.RecordOf r -> {
        List<Val.Field> fs = new ArrayList<>(r.fields());
        fs.set(i, new Val.Field(fs.get(i).name(), replace(fs.get(i).value(), rest, with)));
        yield new Val.RecordOf(fs);
      }
      case Val.TupleOf tu -> {
        List<Val> es = new ArrayList<>(tu.elements());
        es.set(i, replace(es.get(i), rest, with));
        yield new Val.TupleOf(es);
      }
      case Val.VariantOf(String label, Val p) -> new Val.VariantOf(label, replace(p, rest, with));
      case Val.OptionOf(Val p) -> new Val.OptionOf(replace(p, rest, with));
      case Val.ResultOf(boolean ok, Val p) -> new Val.ResultOf(ok, replace(p, rest, with));
      default -> throw new IllegalStateException("path through " + v);
    };
  }

  /** A one-line description. */
  public String describe(ValType t, boolean memory) {
    Site s = sites(t, memory).get(site);
    return kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " at "
        + (s.path().isEmpty() ? "the result" : String.join(".", s.path())) + " in the "
        + (outer ? "outer component (host lift)" : "inner component (adapter lift)");
  }

  // ---------------------------------------------------------------- core code

  /**
   * Core instructions applying this corruption to the value at {@code (local.get $p)} (memory)
   * — nothing is left on the stack.
   */
  String memoryCode(ValType t, String in) {
    Site s = sites(t, true).get(site);
    StringBuilder sb = new StringBuilder();
    String indent = in;
    for (long[] g : s.guards()) {
      String load = g[1] == 1 ? "i32.load8_u" : g[1] == 2 ? "i32.load16_u" : "i32.load";
      sb.append(indent).append("(if (i32.eq (").append(load).append(off(g[0])).append(" (local.get $p)) (i32.const ")
          .append(g[2]).append(")) (then\n");
      indent += "  ";
    }
    long o = s.offset();
    String p = "(local.get $p)";
    switch (kind) {
      case DISCRIMINANT -> {
        DiscSite d = (DiscSite) s;
        String store = d.width() == 1 ? "i32.store8" : d.width() == 2 ? "i32.store16" : "i32.store";
        sb.append(indent).append('(').append(store).append(off(o)).append(' ').append(p).append(" (i32.const ")
            .append(d.cases()).append("))\n");
      }
      case CHAR -> sb.append(indent).append("(i32.store").append(off(o)).append(' ').append(p).append(" (i32.const ")
          .append(badChar()).append("))\n");
      case BOOL -> sb.append(indent).append("(i32.store8").append(off(o)).append(' ').append(p).append(" (i32.const ")
          .append(boolByte()).append("))\n");
      case FLAG_BITS -> {
        FlagsSite f = (FlagsSite) s;
        int size = Math.min(f.size(), 4);
        String load = size == 1 ? "i32.load8_u" : size == 2 ? "i32.load16_u" : "i32.load";
        String store = size == 1 ? "i32.store8" : size == 2 ? "i32.store16" : "i32.store";
        sb.append(indent).append('(').append(store).append(off(o)).append(' ').append(p).append(" (i32.or (")
            .append(load).append(off(o)).append(' ').append(p).append(") (i32.const ").append(spareBits(f.labels(), 8 * size))
            .append(")))\n");
      }
      case POINTER_OUT_OF_BOUNDS -> sb.append(indent).append("(i32.store").append(off(o)).append(' ').append(p)
          .append(" (i32.const 0xfffffff0))\n");
      case POINTER_MISALIGNED -> sb.append(indent).append("(i32.store").append(off(o)).append(' ').append(p)
          .append(" (i32.add (i32.load").append(off(o)).append(' ').append(p).append(") (i32.const 1)))\n");
      case LENGTH_TOO_LONG -> sb.append(indent).append("(i32.store").append(off(o + 4)).append(' ').append(p)
          .append(s instanceof StringSite ? " (i32.const 0x7ffffff0))\n" : " (i32.const 0x10000000))\n");
      case CONTENT -> {
        // utf8: 0xff; utf16: a lone low surrogate; latin1+utf16: only a UTF-16-tagged string
        sb.append(indent).append("(if (i32.gt_u (i32.and (i32.load").append(off(o + 4)).append(' ').append(p)
            .append(") (i32.const 0x7fffffff)) (i32.const 0)) (then\n");
        sb.append(indent).append("  (local.set $q (i32.load").append(off(o)).append(' ').append(p).append("))\n");
        sb.append(indent).append("  (if (i32.eq (global.get $enc) (i32.const 0))\n");
        sb.append(indent).append("    (then (i32.store8 (local.get $q) (i32.const 0xff)))\n");
        sb.append(indent).append("    (else (if (i32.or (i32.eq (global.get $enc) (i32.const 1))\n");
        sb.append(indent).append("                      (i32.ge_u (i32.load").append(off(o + 4)).append(' ').append(p)
            .append(") (i32.const 0x80000000)))\n");
        sb.append(indent).append("      (then (i32.store16 (local.get $q) (i32.const 0xdc00))))))))\n");
      }
    }
    for (int k = 0; k < s.guards().size(); k++) {
      sb.append(in).append("))\n");
    }
    return sb.toString();
  }

  /** A core expression giving the corrupted one core value, from {@code original} (an i32 expression). */
  String flatCode(ValType t, String original) {
    Site s = sites(t, false).get(site);
    return switch (kind) {
      case DISCRIMINANT -> "(drop " + original + ") (i32.const " + ((DiscSite) s).cases() + ")";
      case CHAR -> "(drop " + original + ") (i32.const " + badChar() + ")";
      case BOOL -> "(drop " + original + ") (i32.const " + boolCore() + ")";
      case FLAG_BITS -> "(i32.or " + original + " (i32.const " + spareBits(((FlagsSite) s).labels(), 32) + "))";
      default -> throw new IllegalStateException(kind + " on a core value");
    };
  }

  private static String off(long o) {
    return o == 0 ? "" : " offset=" + o;
  }

  long badChar() {
    long[] bad = {0xD800, 0xDFFF, 0xDC00, 0x110000, 0xFFFFFFFFL, 0x80000000L};
    return bad[Math.floorMod(param, bad.length)];
  }

  int boolByte() {
    return 2 + Math.floorMod(param, 254);
  }

  long boolCore() {
    long[] v = {2, 0xFF, 0x100, 0x80000000L, 0xFFFFFFFFL, 3};
    return v[Math.floorMod(param, v.length)];
  }

  /** Some of the bits from {@code labels} up to {@code bits}, at least the first. */
  long spareBits(int labels, int bits) {
    long all = (bits == 32 ? 0xFFFFFFFFL : (1L << bits) - 1) & ~((1L << labels) - 1);
    long first = 1L << labels;
    return Math.floorMod(param, 2) == 0 ? first : all;
  }
}

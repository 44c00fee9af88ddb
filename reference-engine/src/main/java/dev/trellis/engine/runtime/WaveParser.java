package dev.trellis.engine.runtime;

import dev.trellis.engine.error.TextException;
import dev.trellis.engine.types.BorrowType;
import dev.trellis.engine.types.EnumType;
import dev.trellis.engine.types.FlagsType;
import dev.trellis.engine.types.FuncType;
import dev.trellis.engine.types.ListType;
import dev.trellis.engine.types.MapType;
import dev.trellis.engine.types.OptionType;
import dev.trellis.engine.types.OwnType;
import dev.trellis.engine.types.PrimType;
import dev.trellis.engine.types.RecordType;
import dev.trellis.engine.types.ResultType;
import dev.trellis.engine.types.TupleType;
import dev.trellis.engine.types.ValType;
import dev.trellis.engine.types.VariantType;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses WAVE, the WebAssembly Value Encoding that Wasmtime's {@code --invoke} uses, into
 * {@link Val}s of a given type: {@code true}, {@code -7}, {@code 1.5}, {@code nan}, {@code 'x'},
 * {@code "snow: \\u{2603}"}, {@code [1, 2]}, {@code (1, "a")}, {@code {a: 1, b: none}} (option fields
 * may be left out), {@code case(payload)}, {@code some(x)}, {@code none}, {@code ok(x)},
 * {@code err}, {@code {flag-a, flag-b}}; a label that is a keyword is written {@code %true}.
 * Errors are {@link TextException}s with the column.
 */
public final class WaveParser {
  private final String src;
  private int pos;

  private WaveParser(String src) {
    this.src = src;
  }

  /** One value of type {@code t}. */
  public static Val parse(String text, ValType t) {
    WaveParser p = new WaveParser(text);
    Val v = p.value(t);
    p.ws();
    if (p.pos != p.src.length()) {
      throw p.error("unexpected `" + p.src.substring(p.pos) + "` after the value");
    }
    return v;
  }

  /** A call {@code name(arg, ...)}: the name before the parenthesis. */
  public static String callName(String call) {
    int open = call.indexOf('(');
    if (open < 0 || !call.strip().endsWith(")")) {
      throw new TextException("--invoke", 1, 1, "expected `name(args)`, e.g. `add(1, 2)`");
    }
    return call.substring(0, open).strip();
  }

  /** The arguments of a call {@code name(arg, ...)}, parsed against {@code type}'s parameters. */
  public static Val[] callArgs(String call, FuncType type) {
    WaveParser p = new WaveParser(call);
    p.pos = call.indexOf('(') + 1;
    List<Val> args = new ArrayList<>();
    for (int i = 0; i < type.params().size(); i++) {
      if (i > 0) {
        p.expect(',');
      }
      args.add(p.value(type.params().get(i).type()));
    }
    p.ws();
    if (p.peek() == ',' && !type.params().isEmpty()) {
      p.pos++;
    }
    p.expect(')');
    p.ws();
    if (p.pos != call.length()) {
      throw p.error("`" + callName(call) + "` takes " + type.params().size() + " argument(s)");
    }
    return args.toArray(Val[]::new);
  }

  /** Start of the last {@link #word()}, where errors about that word point. */
  private int wordStart = -1;

  private TextException error(String msg) {
    int at = wordStart >= 0 ? wordStart : pos;
    return new TextException("wave", 1, at + 1, msg);
  }

  private void ws() {
    while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
      pos++;
    }
  }

  private char peek() {
    wordStart = -1;
    ws();
    return pos < src.length() ? src.charAt(pos) : '\0';
  }

  private void expect(char c) {
    if (peek() != c) {
      throw error("expected `" + c + "`");
    }
    pos++;
  }

  private boolean eat(char c) {
    if (peek() == c) {
      pos++;
      return true;
    }
    return false;
  }

  /** A label, keyword or number-like token. */
  private String word() {
    ws();
    int start = pos;
    wordStart = start;
    if (pos < src.length() && src.charAt(pos) == '%') {
      pos++;
    }
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.' || c == '+') {
        pos++;
      } else {
        break;
      }
    }
    if (start == pos) {
      throw error("expected a value");
    }
    return src.substring(start, pos);
  }

  private static String label(String w) {
    return w.startsWith("%") ? w.substring(1) : w;
  }

  private Val value(ValType t) {
    return switch (t) {
      case PrimType p -> prim(p);
      case ListType l -> {
        expect('[');
        List<Val> es = new ArrayList<>();
        while (!eat(']')) {
          es.add(value(l.element()));
          if (!eat(',')) {
            expect(']');
            break;
          }
        }
        if (l.isFixed() && es.size() != l.fixedLength()) {
          throw error("expected " + l.fixedLength() + " elements, got " + es.size());
        }
        yield new Val.ListOf(es);
      }
      case MapType m -> {
        expect('[');
        List<Val> es = new ArrayList<>();
        TupleType entry = new TupleType(List.of(m.key(), m.value()));
        while (!eat(']')) {
          es.add(value(entry));
          if (!eat(',')) {
            expect(']');
            break;
          }
        }
        yield new Val.ListOf(es);
      }
      case TupleType tu -> {
        expect('(');
        List<Val> es = new ArrayList<>();
        for (int i = 0; i < tu.types().size(); i++) {
          if (i > 0) {
            expect(',');
          }
          es.add(value(tu.types().get(i)));
        }
        eat(',');
        expect(')');
        yield new Val.TupleOf(es);
      }
      case RecordType r -> record(r);
      case FlagsType f -> {
        expect('{');
        List<String> set = new ArrayList<>();
        while (!eat('}')) {
          String l = label(word());
          if (!f.labels().contains(l)) {
            throw error("unknown flag `" + l + "`");
          }
          set.add(l);
          if (!eat(',')) {
            expect('}');
            break;
          }
        }
        yield new Val.FlagsOf(set);
      }
      case EnumType e -> {
        String l = label(word());
        if (!e.labels().contains(l)) {
          throw error("unknown enum case `" + l + "`");
        }
        yield new Val.EnumOf(l);
      }
      case VariantType v -> {
        String l = label(word());
        VariantType.Case c = v.cases().stream().filter(x -> x.label().equals(l)).findFirst()
            .orElseThrow(() -> error("unknown variant case `" + l + "`"));
        yield new Val.VariantOf(l, payload(c.type()));
      }
      case OptionType o -> {
        String w = word();
        if (w.equals("none")) {
          yield Val.OptionOf.NONE;
        }
        if (!w.equals("some")) {
          throw error("expected `some(...)` or `none`");
        }
        yield new Val.OptionOf(payload(o.type()));
      }
      case ResultType r -> {
        String w = word();
        if (!w.equals("ok") && !w.equals("err")) {
          throw error("expected `ok` or `err`");
        }
        boolean ok = w.equals("ok");
        yield new Val.ResultOf(ok, payload(ok ? r.ok() : r.error()));
      }
      case OwnType o -> throw error("resource handles cannot be written in WAVE");
      case BorrowType b -> throw error("resource handles cannot be written in WAVE");
      default -> throw error(t + " values cannot be written in WAVE");
    };
  }

  private Val payload(ValType t) {
    if (t == null) {
      if (eat('(')) {
        throw error("this case has no payload");
      }
      return null;
    }
    expect('(');
    Val v = value(t);
    expect(')');
    return v;
  }

  private Val record(RecordType r) {
    expect('{');
    Val[] vs = new Val[r.fields().size()];
    Set<String> seen = new HashSet<>();
    while (!eat('}')) {
      String l = label(word());
      int idx = -1;
      for (int i = 0; i < r.fields().size(); i++) {
        if (r.fields().get(i).label().equals(l)) {
          idx = i;
        }
      }
      if (idx < 0 || !seen.add(l)) {
        throw error(idx < 0 ? "unknown field `" + l + "`" : "field `" + l + "` given twice");
      }
      expect(':');
      vs[idx] = value(r.fields().get(idx).type());
      if (!eat(',')) {
        expect('}');
        break;
      }
    }
    List<Val.Field> fields = new ArrayList<>();
    for (int i = 0; i < vs.length; i++) {
      RecordType.Field f = r.fields().get(i);
      if (vs[i] == null) {
        if (!(f.type() instanceof OptionType)) {
          throw error("missing field `" + f.label() + "`");
        }
        vs[i] = Val.OptionOf.NONE;
      }
      fields.add(new Val.Field(f.label(), vs[i]));
    }
    return new Val.RecordOf(fields);
  }

  private Val prim(PrimType p) {
    return switch (p) {
      case BOOL -> {
        String w = word();
        if (!w.equals("true") && !w.equals("false")) {
          throw error("expected `true` or `false`");
        }
        yield new Val.Bool(w.equals("true"));
      }
      case S8 -> new Val.S8((byte) integer(-128, 127));
      case U8 -> new Val.U8((int) integer(0, 255));
      case S16 -> new Val.S16((short) integer(Short.MIN_VALUE, Short.MAX_VALUE));
      case U16 -> new Val.U16((int) integer(0, 65535));
      case S32 -> new Val.S32((int) integer(Integer.MIN_VALUE, Integer.MAX_VALUE));
      case U32 -> new Val.U32(integer(0, 0xFFFF_FFFFL));
      case S64 -> new Val.S64(integer(Long.MIN_VALUE, Long.MAX_VALUE));
      case U64 -> {
        String w = word();
        try {
          BigInteger b = new BigInteger(w);
          if (b.signum() < 0 || b.bitLength() > 64) {
            throw error("`" + w + "` is out of range for u64");
          }
          yield new Val.U64(b.longValue());
        } catch (NumberFormatException e) {
          throw error("expected an integer, got `" + w + "`");
        }
      }
      case F32 -> new Val.F32((float) floating());
      case F64 -> new Val.F64(floating());
      case CHAR -> {
        expect('\'');
        int cp = charOrEscape('\'');
        if (src.charAt(pos) != '\'') {
          throw error("a char literal holds one character");
        }
        pos++;
        yield new Val.Char(cp);
      }
      case STRING -> {
        expect('"');
        StringBuilder sb = new StringBuilder();
        while (pos < src.length() && src.charAt(pos) != '"') {
          sb.appendCodePoint(charOrEscape('"'));
        }
        if (pos >= src.length()) {
          throw error("unterminated string");
        }
        pos++;
        yield new Val.Str(sb.toString());
      }
      case ERROR_CONTEXT -> throw error("error-context values cannot be written in WAVE");
    };
  }

  private long integer(long min, long max) {
    String w = word();
    try {
      long v = Long.parseLong(w);
      if (v < min || v > max) {
        throw error("`" + w + "` is out of range");
      }
      return v;
    } catch (NumberFormatException e) {
      throw error("expected an integer, got `" + w + "`");
    }
  }

  private double floating() {
    String w = word();
    return switch (w) {
      case "nan" -> Double.NaN;
      case "inf" -> Double.POSITIVE_INFINITY;
      case "-inf" -> Double.NEGATIVE_INFINITY;
      default -> {
        try {
          if (!w.matches("-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?")) {
            throw new NumberFormatException();
          }
          yield Double.parseDouble(w);
        } catch (NumberFormatException e) {
          throw error("expected a number, got `" + w + "`");
        }
      }
    };
  }

  private int charOrEscape(char quote) {
    if (pos >= src.length()) {
      throw error("unterminated literal");
    }
    int cp = src.codePointAt(pos);
    pos += Character.charCount(cp);
    if (cp != '\\') {
      if (cp == quote) {
        throw error("empty literal");
      }
      return cp;
    }
    char e = pos < src.length() ? src.charAt(pos++) : '\0';
    return switch (e) {
      case 'n' -> '\n';
      case 'r' -> '\r';
      case 't' -> '\t';
      case '\\' -> '\\';
      case '\'' -> '\'';
      case '"' -> '"';
      case 'u' -> {
        if (pos >= src.length() || src.charAt(pos) != '{') {
          throw error("expected `\\u{...}`");
        }
        int close = src.indexOf('}', pos);
        if (close < 0) {
          throw error("unterminated `\\u{`");
        }
        try {
          int v = Integer.parseInt(src.substring(pos + 1, close), 16);
          if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
            throw error("`\\u{" + src.substring(pos + 1, close) + "}` is not a Unicode scalar value");
          }
          pos = close + 1;
          yield v;
        } catch (NumberFormatException x) {
          throw error("bad `\\u{...}` escape");
        }
      }
      default -> throw error("unknown escape `\\" + e + "`");
    };
  }
}

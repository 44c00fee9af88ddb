package dev.trellis.engine.text;

import dev.trellis.engine.binary.Bytes;
import dev.trellis.engine.error.TextException;
import dev.trellis.engine.runtime.Val;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The WAST script parser: reads a {@code .wast} file into {@link WastDirective}s, with the
 * value constants of the component and core spec test formats as {@link Val}s. Module forms
 * are kept unassembled ({@link WastModule}); {@code ComponentWat.assemble(WastModule, ...)} turns
 * one into bytes.
 *
 * <p>A directive that cannot be read (an unknown directive, a malformed constant) becomes a
 * {@link WastDirective.Unreadable} so the rest of the script still runs; only a file that does
 * not lex (unbalanced parentheses, a bad string) fails as a whole, with a {@link TextException}.
 */
public final class Wast {
  private final String file;

  private Wast(String file) {
    this.file = file;
  }

  /** Parses a script; {@code file} names it in error messages. */
  public static WastScript parse(String src, String file) {
    Wast w = new Wast(file);
    List<WastDirective> out = new ArrayList<>();
    for (SExpr e : Lexer.parse(src, file)) {
      out.add(w.directive(e));
    }
    return new WastScript(file, out, WastRunLine.parseAll(src));
  }

  // ---------------------------------------------------------------- directives

  private WastDirective directive(SExpr e) {
    if (!(e instanceof SExpr.SList l) || l.head() == null) {
      return new WastDirective.Unreadable(e.pos(), "?", SExpr.error(file, e, "expected a directive `( ... )`"));
    }
    String kw = l.head();
    try {
      return switch (kw) {
        case "module", "component" -> moduleDirective(l);
        case "register" -> {
          ComponentWatCursor c = new ComponentWatCursor(l, file, 1);
          String name = c.name("a registration name");
          Token id = c.optId();
          c.expectEnd();
          yield new WastDirective.Register(l.pos(), name, id == null ? null : id.idName());
        }
        case "invoke", "get" -> new WastDirective.Action(action(l));
        case "assert_return" -> {
          ComponentWatCursor c = new ComponentWatCursor(l, file, 1);
          WastAction a = action(c.list("an action"));
          List<WastExpected> expected = new ArrayList<>();
          while (!c.atEnd()) {
            expected.add(expected(c.list("an expected result")));
          }
          yield new WastDirective.AssertReturn(l.pos(), a, expected);
        }
        case "assert_trap" -> {
          ComponentWatCursor c = new ComponentWatCursor(l, file, 1);
          SExpr.SList subject = c.list("an action or module");
          String msg = c.name("a failure message");
          c.expectEnd();
          if (subject.is("invoke") || subject.is("get")) {
            yield new WastDirective.AssertTrap(l.pos(), action(subject), null, msg);
          }
          yield new WastDirective.AssertTrap(l.pos(), null, module(subject), msg);
        }
        case "assert_exhaustion" -> {
          ComponentWatCursor c = new ComponentWatCursor(l, file, 1);
          WastAction a = action(c.list("an action"));
          String msg = c.name("a failure message");
          c.expectEnd();
          yield new WastDirective.AssertExhaustion(l.pos(), a, msg);
        }
        case "assert_invalid", "assert_malformed", "assert_unlinkable" -> {
          ComponentWatCursor c = new ComponentWatCursor(l, file, 1);
          WastModule m = module(c.list("a module"));
          String msg = c.name("a failure message");
          c.expectEnd();
          yield switch (kw) {
            case "assert_invalid" -> new WastDirective.AssertInvalid(l.pos(), m, msg);
            case "assert_malformed" -> new WastDirective.AssertMalformed(l.pos(), m, msg);
            default -> new WastDirective.AssertUnlinkable(l.pos(), m, msg);
          };
        }
        default -> throw SExpr.error(file, l, "unknown directive `" + kw + "`");
      };
    } catch (TextException ex) {
      return new WastDirective.Unreadable(l.pos(), kw, ex);
    }
  }

  private WastDirective moduleDirective(SExpr.SList l) {
    ComponentWatCursor c = new ComponentWatCursor(l, file, 1);
    if (c.peekKeyword("instance")) {
      c.next();
      Token first = c.optId();
      Token second = c.optId();
      c.expectEnd();
      if (first == null) {
        throw c.error("expected the `$name` of a definition to instantiate");
      }
      return second == null
          ? new WastDirective.ModuleInstance(l.pos(), l.is("component"), null, first.idName())
          : new WastDirective.ModuleInstance(l.pos(), l.is("component"), first.idName(), second.idName());
    }
    return new WastDirective.Module(module(l));
  }

  /** A module form: {@code (component|module definition? $id? (binary|quote)? ...)}. */
  private WastModule module(SExpr.SList l) {
    boolean component;
    if (l.is("component")) {
      component = true;
    } else if (l.is("module")) {
      component = false;
    } else {
      throw SExpr.error(file, l, "expected `(component ...)` or `(module ...)`");
    }
    ComponentWatCursor c = new ComponentWatCursor(l, file, 1);
    boolean definition = c.takeKeyword("definition");
    Token id = c.optId();
    if (!definition) {
      definition = c.takeKeyword("definition");
    }
    String name = id == null ? null : id.idName();
    if (c.takeKeyword("binary")) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      while (!c.atEnd()) {
        b.writeBytes(c.bytes("a binary string"));
      }
      return new WastModule.Binary(Bytes.wrap(b.toByteArray()), component, name, definition, l.pos());
    }
    if (c.takeKeyword("quote")) {
      StringBuilder sb = new StringBuilder();
      while (!c.atEnd()) {
        if (!sb.isEmpty()) {
          sb.append(' ');
        }
        sb.append(new String(c.bytes("a quoted string"), StandardCharsets.UTF_8));
      }
      return new WastModule.Quote(sb.toString(), component, name, definition, l.pos());
    }
    return new WastModule.Text(l, component, name, definition);
  }

  private WastAction action(SExpr.SList l) {
    ComponentWatCursor c = new ComponentWatCursor(l, file, 1);
    Token id = c.optId();
    String module = id == null ? null : id.idName();
    if (l.is("invoke")) {
      String name = c.name("an export name");
      List<Val> args = new ArrayList<>();
      while (!c.atEnd()) {
        args.add(value(c.list("an argument constant")));
      }
      return new WastAction.Invoke(l.pos(), module, name, args);
    }
    if (l.is("get")) {
      String name = c.name("an export name");
      c.expectEnd();
      return new WastAction.Get(l.pos(), module, name);
    }
    throw SExpr.error(file, l, "expected an action `(invoke ...)` or `(get ...)`");
  }

  // ---------------------------------------------------------------- values

  /** Parses one value constant {@code (kw ...)}. */
  Val value(SExpr.SList l) {
    String kw = l.head();
    if (kw == null) {
      throw SExpr.error(file, l, "expected a value constant");
    }
    ComponentWatCursor c = new ComponentWatCursor(l, file, 1);
    Val v = valueBody(kw, c, l);
    c.expectEnd();
    return v;
  }

  private WastExpected expected(SExpr.SList l) {
    if (l.is("either")) {
      ComponentWatCursor c = new ComponentWatCursor(l, file, 1);
      List<WastExpected> alts = new ArrayList<>();
      while (!c.atEnd()) {
        alts.add(expected(c.list("an expected result")));
      }
      return new WastExpected.Either(alts);
    }
    if ((l.is("f32.const") || l.is("f64.const")) && l.size() == 2
        && l.get(1) instanceof SExpr.Atom a && a.token().kind() == Token.Kind.KEYWORD) {
      String t = a.token().text();
      int width = l.is("f32.const") ? 32 : 64;
      if (t.equals("nan:canonical")) {
        return new WastExpected.NanPattern(width, false);
      }
      if (t.equals("nan:arithmetic")) {
        return new WastExpected.NanPattern(width, true);
      }
    }
    return new WastExpected.Exact(value(l));
  }

  /** The value whose constructor keyword {@code kw} has been read; its arguments follow in {@code c}. */
  private Val valueBody(String kw, ComponentWatCursor c, SExpr at) {
    return switch (kw) {
      case "bool.const" -> {
        if (c.takeKeyword("true")) {
          yield new Val.Bool(true);
        }
        if (c.takeKeyword("false")) {
          yield new Val.Bool(false);
        }
        throw c.error("invalid boolean value: expected `true` or `false`");
      }
      case "u8.const" -> new Val.U8((int) integer(c, 8, false));
      case "s8.const" -> new Val.S8((byte) integer(c, 8, true));
      case "u16.const" -> new Val.U16((int) integer(c, 16, false));
      case "s16.const" -> new Val.S16((short) integer(c, 16, true));
      case "u32.const" -> new Val.U32(integer(c, 32, false));
      case "s32.const" -> new Val.S32((int) integer(c, 32, true));
      case "i32.const" -> new Val.S32((int) integer(c, 32, true));
      case "u64.const" -> {
        Token t = number(c);
        Long v = Numbers.u64(t.text());
        if (v == null) {
          throw ComponentWatCursor.errorAt(file, new SExpr.Atom(t), "u64 constant out of range: " + t.text());
        }
        yield new Val.U64(v);
      }
      case "s64.const", "i64.const" -> {
        Token t = number(c);
        Long v = Numbers.i64(t.text());
        if (v == null) {
          throw ComponentWatCursor.errorAt(file, new SExpr.Atom(t), "i64 constant out of range: " + t.text());
        }
        yield new Val.S64(v);
      }
      case "f32.const" -> {
        Token t = floatToken(c);
        Integer bits = Numbers.f32(t.text());
        if (bits == null) {
          throw ComponentWatCursor.errorAt(file, new SExpr.Atom(t), "invalid f32 constant `" + t.text() + "`");
        }
        yield new Val.F32(Float.intBitsToFloat(bits));
      }
      case "f64.const" -> {
        Token t = floatToken(c);
        Long bits = Numbers.f64(t.text());
        if (bits == null) {
          throw ComponentWatCursor.errorAt(file, new SExpr.Atom(t), "invalid f64 constant `" + t.text() + "`");
        }
        yield new Val.F64(Double.longBitsToDouble(bits));
      }
      case "char.const" -> {
        Token t = c.stringToken("a string holding one character");
        String s = c.utf8(t);
        if (s.codePointCount(0, s.length()) != 1) {
          throw ComponentWatCursor.errorAt(file, new SExpr.Atom(t), "`char.const` needs exactly one character, found "
              + s.codePointCount(0, s.length()));
        }
        yield new Val.Char(s.codePointAt(0));
      }
      case "str.const" -> new Val.Str(c.utf8(c.stringToken("a string")));
      case "list.const" -> new Val.ListOf(values(c));
      case "tuple.const" -> new Val.TupleOf(values(c));
      case "record.const" -> {
        List<Val.Field> fields = new ArrayList<>();
        while (!c.atEnd()) {
          ComponentWatCursor f = c.enter("field");
          String name = f.name("a field name");
          fields.add(new Val.Field(name, inlineValue(f)));
        }
        yield new Val.RecordOf(fields);
      }
      case "variant.const" -> {
        String name = c.name("a case name");
        Val payload = c.atEnd() ? null : value(c.list("a payload constant"));
        yield new Val.VariantOf(name, payload);
      }
      case "enum.const" -> new Val.EnumOf(c.name("a case name"));
      case "flags.const" -> {
        List<String> names = new ArrayList<>();
        while (!c.atEnd()) {
          names.add(c.name("a flag name"));
        }
        yield new Val.FlagsOf(names);
      }
      case "option.none" -> Val.OptionOf.NONE;
      case "option.some" -> new Val.OptionOf(value(c.list("a payload constant")));
      case "result.ok", "result.err" -> {
        Val payload = c.atEnd() ? null : value(c.list("a payload constant"));
        yield new Val.ResultOf(kw.equals("result.ok"), payload);
      }
      default -> throw ComponentWatCursor.errorAt(file, at, "unknown value constant `" + kw + "`"
          + (kw.startsWith("v128") || kw.startsWith("ref.") ? " (not supported: no component value has this type)" : ""));
    };
  }

  /**
   * The value of a {@code (field "name" ...)}: either one parenthesized constant or a
   * constructor written inline, {@code (field "name" u32.const 7)}.
   */
  private Val inlineValue(ComponentWatCursor f) {
    if (f.peekList() && f.rest().size() == 1) {
      return value(f.list("a constant"));
    }
    SExpr at = f.peek();
    String kw = f.keyword("a constant");
    Val v = valueBody(kw, f, at);
    f.expectEnd();
    return v;
  }

  private List<Val> values(ComponentWatCursor c) {
    List<Val> out = new ArrayList<>();
    while (!c.atEnd()) {
      out.add(value(c.list("a constant")));
    }
    return out;
  }

  private Token number(ComponentWatCursor c) {
    Token t = c.peekToken();
    if (t == null || t.kind() != Token.Kind.NUMBER) {
      throw c.error("expected a number");
    }
    c.next();
    return t;
  }

  private Token floatToken(ComponentWatCursor c) {
    Token t = c.peekToken();
    if (t == null || (t.kind() != Token.Kind.NUMBER && t.kind() != Token.Kind.KEYWORD)) {
      throw c.error("expected a float");
    }
    c.next();
    return t;
  }

  /**
   * An integer constant of {@code bits} bits: unsigned types take {@code [0, 2^bits)}, signed
   * ones {@code [-2^(bits-1), 2^bits)} (the upper half read as two's complement, as core
   * {@code i32.const} does).
   */
  private long integer(ComponentWatCursor c, int bits, boolean signed) {
    Token t = number(c);
    Long v = signed ? Numbers.ranged(t.text(), bits + 1, true) : Numbers.ranged(t.text(), bits, false);
    if (v != null && signed) {
      long min = -(1L << (bits - 1));
      long max = 1L << bits;
      if (v < min || v >= max) {
        v = null;
      }
    }
    if (v == null) {
      throw ComponentWatCursor.errorAt(file, new SExpr.Atom(t), "constant out of range for "
          + (signed ? "s" : "u") + bits + ": " + t.text());
    }
    return v;
  }
}

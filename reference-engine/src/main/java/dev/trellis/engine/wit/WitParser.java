package dev.trellis.engine.wit;

import dev.trellis.engine.types.PrimType;
import dev.trellis.engine.wit.Ast.Span;
import dev.trellis.engine.wit.WitLexer.Kind;
import dev.trellis.engine.wit.WitLexer.Token;
import java.util.ArrayList;
import java.util.List;

/**
 * Recursive-descent parser for one WIT file (the grammar of WIT.md, from {@code wit-file}
 * down to {@code ty}). Errors name what was expected and what was found, at the offending
 * token, the way wit-parser words them.
 */
final class WitParser {
  /** Nesting limit for types and nested packages: deeper input is rejected, not overflowed. */
  static final int MAX_DEPTH = 100;

  private final WitLexer lex;
  private int typeDepth;

  private WitParser(WitLexer lex) {
    this.lex = lex;
  }

  static Ast.PackageFile parse(String text, int base) {
    WitLexer lex = new WitLexer(text, base);
    lex.checkInput();
    return new WitParser(lex).file();
  }

  // ---------------------------------------------------------------- files and packages

  private Ast.PackageFile file() {
    Ast.PackageId header = null;
    List<Ast.Item> items = new ArrayList<>();
    int mark = lex.mark();
    WitLexer.Docs docs = lex.docs();
    List<Ast.Attribute> attrs = attributes();
    Token t = lex.peek();
    if (attrs.isEmpty() && t != null && t.kind() == Kind.PACKAGE) {
      Token kw = lex.next();
      Ast.PackageId id = packageId(docs);
      if (eat(Kind.SEMICOLON)) {
        header = id;
      } else {
        items.add(nestedPackage(kw, id, 1));
      }
    } else {
      lex.reset(mark);
    }
    while (lex.peek() != null) {
      items.add(item(1));
    }
    return new Ast.PackageFile(header, items);
  }

  private Ast.Item item(int depth) {
    WitLexer.Docs docs = lex.docs();
    List<Ast.Attribute> attrs = attributes();
    Token t = lex.peek();
    if (t == null) {
      throw expected("`world`, `interface` or `use`", null);
    }
    return switch (t.kind()) {
      case INTERFACE -> {
        lex.next();
        Ast.Id name = id();
        yield new Ast.InterfaceDecl(docs, attrs, name, interfaceItems());
      }
      case WORLD -> world(docs, attrs);
      case USE -> {
        Token kw = lex.next();
        Ast.UsePath path = usePath();
        Ast.Id as = null;
        if (eat(Kind.AS)) {
          as = id();
        }
        Token semi = expect(Kind.SEMICOLON);
        yield new Ast.ToplevelUse(new Span(kw.start(), semi.end()), attrs, path, as);
      }
      case PACKAGE -> {
        Token kw = lex.next();
        if (depth > MAX_DEPTH) {
          throw new WitError(kw.start(), kw.end(), "package nesting too deep");
        }
        Ast.PackageId id = packageId(docs);
        yield nestedPackage(kw, id, depth);
      }
      default -> throw expected("`world`, `interface` or `use`", lex.next());
    };
  }

  private Ast.NestedPackage nestedPackage(Token kw, Ast.PackageId id, int depth) {
    expect(Kind.LBRACE);
    List<Ast.Item> items = new ArrayList<>();
    while (!eat(Kind.RBRACE)) {
      items.add(item(depth + 1));
    }
    return new Ast.NestedPackage(id, items, new Span(kw.start(), id.span().end()));
  }

  /** {@code ns:name@version} after the {@code package} keyword. */
  private Ast.PackageId packageId(WitLexer.Docs docs) {
    Ast.Id ns = id();
    expect(Kind.COLON);
    Ast.Id name = id();
    String version = null;
    int end = name.span().end();
    if (eat(Kind.AT)) {
      int[] span = new int[2];
      version = version(span);
      end = span[1];
    }
    return new Ast.PackageId(docs, ns.name(), name.name(), version, new Span(ns.span().start(), end));
  }

  /** A semver after '@'; {@code span} receives its global range. */
  private String version(int[] span) {
    Token t = lex.peek();
    if (t == null) {
      throw expected("a version", null);
    }
    int start = t.start();
    int end = lex.scanVersion(start);
    if (end == start) {
      throw expected("a version", lex.next());
    }
    String text = lex.slice(start, end);
    String problem = Semver.validate(text);
    if (problem != null) {
      throw new WitError(start, end, problem);
    }
    lex.skipTo(end);
    span[0] = start;
    span[1] = end;
    return text;
  }

  // ---------------------------------------------------------------- use paths

  /** {@code id | ns:pkg/id(@version)?}. */
  private Ast.UsePath usePath() {
    Ast.Id first = id();
    if (!eat(Kind.COLON)) {
      return new Ast.LocalPath(first);
    }
    Ast.Id pkg = id();
    expect(Kind.SLASH);
    Ast.Id name = id();
    String version = null;
    int pkgEnd = pkg.span().end();
    if (eat(Kind.AT)) {
      int[] span = new int[2];
      version = version(span);
      pkgEnd = span[1];
    }
    return new Ast.PackagePath(first.name(), pkg.name(), version,
        new Span(first.span().start(), pkgEnd), name);
  }

  // ---------------------------------------------------------------- attributes

  private List<Ast.Attribute> attributes() {
    List<Ast.Attribute> attrs = new ArrayList<>();
    while (true) {
      Token at = lex.peek();
      if (at == null || at.kind() != Kind.AT) {
        return attrs;
      }
      lex.next();
      Ast.Id which = id();
      switch (which.name()) {
        case "since" -> {
          expect(Kind.LPAREN);
          versionField();
          int[] vs = new int[2];
          String v = version(vs);
          Token close = expect(Kind.RPAREN);
          attrs.add(new Ast.Since(new Span(at.start(), close.end()), v, new Span(vs[0], vs[1])));
        }
        case "unstable" -> {
          expect(Kind.LPAREN);
          Ast.Id field = id();
          if (!field.name().equals("feature")) {
            throw new WitError(field.span().start(), field.span().end(),
                "expected `feature`, found `" + field.name() + "`");
          }
          expect(Kind.EQUALS);
          Ast.Id feature = id();
          Token close = expect(Kind.RPAREN);
          attrs.add(new Ast.Unstable(new Span(at.start(), close.end()), feature));
        }
        case "deprecated" -> {
          expect(Kind.LPAREN);
          versionField();
          int[] vs = new int[2];
          String v = version(vs);
          Token close = expect(Kind.RPAREN);
          attrs.add(new Ast.Deprecated(new Span(at.start(), close.end()), v, new Span(vs[0], vs[1])));
        }
        case "external-id" -> {
          expect(Kind.LPAREN);
          Token s = expect(Kind.STRING_LIT);
          Token close = expect(Kind.RPAREN);
          attrs.add(new Ast.ExternalId(new Span(at.start(), close.end()),
              Names.unquote(lex.slice(s.start(), s.end()), s.start())));
        }
        default -> throw new WitError(which.span().start(), which.span().end(),
            "unexpected attribute `" + which.name() + "`");
      }
    }
  }

  private void versionField() {
    Ast.Id field = id();
    if (!field.name().equals("version")) {
      throw new WitError(field.span().start(), field.span().end(),
          "expected `version`, found `" + field.name() + "`");
    }
    expect(Kind.EQUALS);
  }

  // ---------------------------------------------------------------- interfaces

  private List<Ast.InterfaceItem> interfaceItems() {
    expect(Kind.LBRACE);
    List<Ast.InterfaceItem> items = new ArrayList<>();
    while (true) {
      WitLexer.Docs docs = lex.docs();
      List<Ast.Attribute> attrs = attributes();
      if (attrs.isEmpty() && eat(Kind.RBRACE)) {
        return items;
      }
      items.add(interfaceItem(docs, attrs));
    }
  }

  private Ast.InterfaceItem interfaceItem(WitLexer.Docs docs, List<Ast.Attribute> attrs) {
    Token t = lex.peek();
    if (t == null) {
      throw expected("`type`, `resource` or `func`", null);
    }
    return switch (t.kind()) {
      case TYPE, FLAGS, ENUM, VARIANT, RESOURCE, RECORD -> typedef(docs, attrs);
      case ID, EXPLICIT_ID -> {
        Ast.Id name = id();
        expect(Kind.COLON);
        Ast.Func func = funcType();
        expect(Kind.SEMICOLON);
        yield new Ast.NamedFunc(docs, attrs, name, func);
      }
      case USE -> use(attrs);
      default -> throw expected("`type`, `resource` or `func`", lex.next());
    };
  }

  private Ast.Use use(List<Ast.Attribute> attrs) {
    Token kw = expect(Kind.USE);
    Ast.UsePath from = usePath();
    expect(Kind.PERIOD);
    expect(Kind.LBRACE);
    List<Ast.UseName> names = new ArrayList<>();
    while (!eat(Kind.RBRACE)) {
      Ast.Id name = id();
      Ast.Id as = null;
      if (eat(Kind.AS)) {
        as = id();
      }
      names.add(new Ast.UseName(name, as));
      if (!eat(Kind.COMMA)) {
        expect(Kind.RBRACE);
        break;
      }
    }
    Token semi = expect(Kind.SEMICOLON);
    return new Ast.Use(attrs, from, names, new Span(kw.start(), semi.end()));
  }

  private Ast.TypeDef typedef(WitLexer.Docs docs, List<Ast.Attribute> attrs) {
    Token kw = lex.next();
    Ast.Id name = id();
    Ast.Type type = switch (kw.kind()) {
      case TYPE -> {
        expect(Kind.EQUALS);
        Ast.Type ty = type();
        expect(Kind.SEMICOLON);
        yield ty;
      }
      case FLAGS -> {
        List<Ast.Flag> flags = new ArrayList<>();
        commaList(() -> {
          WitLexer.Docs d = lex.docs();
          flags.add(new Ast.Flag(d, id()));
        });
        yield new Ast.FlagsT(name.span(), flags);
      }
      case ENUM -> {
        List<Ast.EnumCase> cases = new ArrayList<>();
        commaList(() -> {
          WitLexer.Docs d = lex.docs();
          cases.add(new Ast.EnumCase(d, id()));
        });
        yield new Ast.EnumT(name.span(), cases);
      }
      case VARIANT -> {
        List<Ast.Case> cases = new ArrayList<>();
        commaList(() -> {
          WitLexer.Docs d = lex.docs();
          Ast.Id cname = id();
          Ast.Type payload = null;
          if (eat(Kind.LPAREN)) {
            payload = type();
            expect(Kind.RPAREN);
          }
          cases.add(new Ast.Case(d, cname, payload));
        });
        yield new Ast.VariantT(name.span(), cases);
      }
      case RECORD -> {
        List<Ast.Field> fields = new ArrayList<>();
        commaList(() -> {
          WitLexer.Docs d = lex.docs();
          Ast.Id fname = id();
          expect(Kind.COLON);
          fields.add(new Ast.Field(d, fname, type()));
        });
        yield new Ast.RecordT(name.span(), fields);
      }
      case RESOURCE -> resource(name);
      default -> throw new IllegalStateException();
    };
    return new Ast.TypeDef(docs, attrs, name, type);
  }

  /** {@code '{' (item (',' item)*)? ','? '}'}. */
  private void commaList(Runnable item) {
    expect(Kind.LBRACE);
    while (true) {
      int mark = lex.mark();
      lex.docs();
      if (eat(Kind.RBRACE)) {
        return;
      }
      lex.reset(mark);
      item.run();
      if (!eat(Kind.COMMA)) {
        expect(Kind.RBRACE);
        return;
      }
    }
  }

  private Ast.ResourceT resource(Ast.Id name) {
    List<Ast.ResourceFunc> funcs = new ArrayList<>();
    if (eat(Kind.SEMICOLON)) {
      return new Ast.ResourceT(name.span(), funcs);
    }
    expect(Kind.LBRACE);
    while (true) {
      WitLexer.Docs docs = lex.docs();
      List<Ast.Attribute> attrs = attributes();
      if (attrs.isEmpty() && eat(Kind.RBRACE)) {
        break;
      }
      Token t = lex.peek();
      if (t != null && t.kind() == Kind.CONSTRUCTOR) {
        Token kw = lex.next();
        Ast.Id cname = new Ast.Id("constructor", new Span(kw.start(), kw.end()));
        List<Ast.Param> params = params();
        Ast.Type result = null;
        if (eat(Kind.RARROW)) {
          result = type();
        }
        Token semi = expect(Kind.SEMICOLON);
        Ast.Func func = new Ast.Func(new Span(kw.start(), semi.end()), false, params, result);
        funcs.add(new Ast.ResourceFunc(Ast.ResourceFuncKind.CONSTRUCTOR,
            new Ast.NamedFunc(docs, attrs, cname, func)));
      } else if (t != null && (t.kind() == Kind.ID || t.kind() == Kind.EXPLICIT_ID)) {
        Ast.Id fname = id();
        expect(Kind.COLON);
        Ast.ResourceFuncKind kind = Ast.ResourceFuncKind.METHOD;
        if (eat(Kind.STATIC)) {
          kind = Ast.ResourceFuncKind.STATIC;
        }
        Ast.Func func = funcType();
        expect(Kind.SEMICOLON);
        funcs.add(new Ast.ResourceFunc(kind, new Ast.NamedFunc(docs, attrs, fname, func)));
      } else {
        throw expected("`constructor` or identifier", lex.next());
      }
    }
    eat(Kind.SEMICOLON);
    return new Ast.ResourceT(name.span(), funcs);
  }

  /** {@code 'async'? 'func' param-list result-list}. */
  private Ast.Func funcType() {
    Token first = lex.peek();
    boolean async = eat(Kind.ASYNC);
    Token func = expect(Kind.FUNC);
    List<Ast.Param> params = params();
    Ast.Type result = null;
    int end = lex.mark();
    if (eat(Kind.RARROW)) {
      result = type();
    }
    int start = (first != null ? first : func).start();
    return new Ast.Func(new Span(start, result == null ? func.end() : result.span().end()), async, params, result);
  }

  private List<Ast.Param> params() {
    expect(Kind.LPAREN);
    List<Ast.Param> params = new ArrayList<>();
    while (!eat(Kind.RPAREN)) {
      Ast.Id name = id();
      expect(Kind.COLON);
      params.add(new Ast.Param(name, type()));
      if (!eat(Kind.COMMA)) {
        expect(Kind.RPAREN);
        break;
      }
    }
    return params;
  }

  // ---------------------------------------------------------------- worlds

  private Ast.WorldDecl world(WitLexer.Docs docs, List<Ast.Attribute> attrs) {
    expect(Kind.WORLD);
    Ast.Id name = id();
    expect(Kind.LBRACE);
    List<Ast.WorldItem> items = new ArrayList<>();
    while (true) {
      WitLexer.Docs idocs = lex.docs();
      List<Ast.Attribute> iattrs = attributes();
      if (iattrs.isEmpty() && eat(Kind.RBRACE)) {
        break;
      }
      items.add(worldItem(idocs, iattrs));
    }
    return new Ast.WorldDecl(docs, attrs, name, items);
  }

  private Ast.WorldItem worldItem(WitLexer.Docs docs, List<Ast.Attribute> attrs) {
    Token t = lex.peek();
    if (t == null) {
      throw expected("`import`, `export`, `include`, `use`, or type definition", null);
    }
    return switch (t.kind()) {
      case IMPORT -> {
        lex.next();
        yield new Ast.Import(docs, attrs, externKind());
      }
      case EXPORT -> {
        lex.next();
        yield new Ast.Export(docs, attrs, externKind());
      }
      case USE -> use(attrs);
      case TYPE, FLAGS, ENUM, VARIANT, RESOURCE, RECORD -> typedef(docs, attrs);
      case INCLUDE -> include(attrs);
      default -> throw expected("`import`, `export`, `include`, `use`, or type definition", lex.next());
    };
  }

  private Ast.ExternKind externKind() {
    int mark = lex.mark();
    Token first = lex.peek();
    if (first != null && (first.kind() == Kind.ID || first.kind() == Kind.EXPLICIT_ID)) {
      Ast.Id name = id();
      Token colon = lex.peek();
      if (colon != null && colon.kind() == Kind.COLON) {
        lex.next();
        Token after = lex.peek();
        if (after != null && (after.kind() == Kind.FUNC || after.kind() == Kind.ASYNC)) {
          Ast.Func func = funcType();
          expect(Kind.SEMICOLON);
          return new Ast.FuncExtern(name, func);
        }
        if (after != null && after.kind() == Kind.INTERFACE) {
          lex.next();
          return new Ast.InlineInterface(name, interfaceItems());
        }
        // `a:b/c` (no space around ':') is a package path; `a: b` names an interface
        boolean packagePath = !colon.spaceBefore() && after != null && !after.spaceBefore();
        if (!packagePath) {
          Ast.UsePath path = usePath();
          expect(Kind.SEMICOLON);
          return new Ast.ImplementsExtern(name, path);
        }
      }
    }
    lex.reset(mark);
    Ast.UsePath path = usePath();
    expect(Kind.SEMICOLON);
    return new Ast.PathExtern(path);
  }

  private Ast.Include include(List<Ast.Attribute> attrs) {
    Token kw = expect(Kind.INCLUDE);
    Ast.UsePath from = usePath();
    List<Ast.IncludeName> names = new ArrayList<>();
    if (eat(Kind.WITH)) {
      expect(Kind.LBRACE);
      while (!eat(Kind.RBRACE)) {
        Ast.Id name = id();
        expect(Kind.AS);
        Ast.Id as = id();
        names.add(new Ast.IncludeName(name, as));
        if (!eat(Kind.COMMA)) {
          expect(Kind.RBRACE);
          break;
        }
      }
    } else {
      expect(Kind.SEMICOLON);
    }
    return new Ast.Include(attrs, from, names, new Span(kw.start(), from.span().end()));
  }

  // ---------------------------------------------------------------- types

  private Ast.Type type() {
    if (++typeDepth > MAX_DEPTH) {
      Token t = lex.peek();
      if (t == null) {
        throw new WitError(lex.eof(), lex.eof(), "type nesting too deep");
      }
      throw new WitError(t.start(), t.end(), "type nesting too deep");
    }
    try {
      return type0();
    } finally {
      typeDepth--;
    }
  }

  private Ast.Type type0() {
    Token t = lex.next();
    if (t == null) {
      throw expected("a type", null);
    }
    Span span = new Span(t.start(), t.end());
    return switch (t.kind()) {
      case U8 -> new Ast.Prim(span, PrimType.U8);
      case U16 -> new Ast.Prim(span, PrimType.U16);
      case U32 -> new Ast.Prim(span, PrimType.U32);
      case U64 -> new Ast.Prim(span, PrimType.U64);
      case S8 -> new Ast.Prim(span, PrimType.S8);
      case S16 -> new Ast.Prim(span, PrimType.S16);
      case S32 -> new Ast.Prim(span, PrimType.S32);
      case S64 -> new Ast.Prim(span, PrimType.S64);
      case F32 -> new Ast.Prim(span, PrimType.F32);
      case F64 -> new Ast.Prim(span, PrimType.F64);
      case CHAR -> new Ast.Prim(span, PrimType.CHAR);
      case BOOL -> new Ast.Prim(span, PrimType.BOOL);
      case STRING -> new Ast.Prim(span, PrimType.STRING);
      case ERROR_CONTEXT -> new Ast.Prim(span, PrimType.ERROR_CONTEXT);
      case TUPLE -> {
        List<Ast.Type> types = new ArrayList<>();
        expect(Kind.LT);
        while (true) {
          if (eat(Kind.GT)) {
            break;
          }
          types.add(type());
          if (!eat(Kind.COMMA)) {
            expect(Kind.GT);
            break;
          }
        }
        yield new Ast.TupleT(upTo(span), types);
      }
      case LIST -> {
        expect(Kind.LT);
        Ast.Type elem = type();
        if (eat(Kind.COMMA)) {
          Token n = lex.next();
          if (n == null || n.kind() != Kind.INTEGER) {
            throw expected("fixed-length", n);
          }
          String digits = lex.slice(n.start(), n.end());
          int len;
          try {
            len = Integer.parseInt(digits);
          } catch (NumberFormatException e) {
            throw new WitError(n.start(), n.end(), "fixed-length list size is too large");
          }
          if (len == 0) {
            throw new WitError(n.start(), n.end(), "invalid fixed-length list size of zero");
          }
          expect(Kind.GT);
          yield new Ast.FixedListT(upTo(span), elem, len);
        }
        expect(Kind.GT);
        yield new Ast.ListT(upTo(span), elem);
      }
      case MAP -> {
        expect(Kind.LT);
        Ast.Type key = type();
        expect(Kind.COMMA);
        Ast.Type value = type();
        expect(Kind.GT);
        yield new Ast.MapT(upTo(span), key, value);
      }
      case OPTION -> {
        expect(Kind.LT);
        Ast.Type inner = type();
        expect(Kind.GT);
        yield new Ast.OptionT(upTo(span), inner);
      }
      case RESULT -> {
        Ast.Type ok = null;
        Ast.Type err = null;
        if (eat(Kind.LT)) {
          if (eat(Kind.UNDERSCORE)) {
            expect(Kind.COMMA);
            err = type();
          } else {
            ok = type();
            if (eat(Kind.COMMA)) {
              err = type();
            }
          }
          expect(Kind.GT);
        }
        yield new Ast.ResultT(upTo(span), ok, err);
      }
      case FUTURE -> {
        Ast.Type inner = null;
        if (eat(Kind.LT)) {
          inner = type();
          expect(Kind.GT);
        }
        yield new Ast.FutureT(upTo(span), inner);
      }
      case STREAM -> {
        Ast.Type inner = null;
        if (eat(Kind.LT)) {
          inner = type();
          expect(Kind.GT);
        }
        yield new Ast.StreamT(upTo(span), inner);
      }
      case OWN, BORROW -> {
        expect(Kind.LT);
        Ast.Id res = id();
        expect(Kind.GT);
        yield new Ast.HandleT(upTo(span), t.kind() == Kind.OWN, res);
      }
      case ID, EXPLICIT_ID -> new Ast.Named(idOf(t));
      default -> throw expected("a type", t);
    };
  }

  /** A span from {@code start} to the end of the last consumed input. */
  private Span upTo(Span start) {
    return new Span(start.start(), lex.base() + lex.mark());
  }

  // ---------------------------------------------------------------- tokens

  private Ast.Id id() {
    Token t = lex.next();
    if (t == null || (t.kind() != Kind.ID && t.kind() != Kind.EXPLICIT_ID)) {
      throw expected("an identifier or string", t);
    }
    return idOf(t);
  }

  private Ast.Id idOf(Token t) {
    String text = lex.slice(t.start(), t.end());
    if (t.kind() == Kind.EXPLICIT_ID) {
      text = text.substring(1);
    }
    String problem = WitLexer.validateId(text);
    if (problem != null) {
      throw new WitError(t.start(), t.end(), problem);
    }
    return new Ast.Id(text, new Span(t.start(), t.end()));
  }

  private boolean eat(Kind kind) {
    int mark = lex.mark();
    Token t = lex.next();
    if (t != null && t.kind() == kind) {
      return true;
    }
    lex.reset(mark);
    return false;
  }

  private Token expect(Kind kind) {
    Token t = lex.next();
    if (t == null || t.kind() != kind) {
      throw expected(kind.description, t);
    }
    return t;
  }

  private WitError expected(String what, Token found) {
    if (found == null) {
      return new WitError(lex.eof(), lex.eof(), "expected " + what + ", found eof");
    }
    return new WitError(found.start(), found.end(), "expected " + what + ", found " + found.kind().description);
  }
}

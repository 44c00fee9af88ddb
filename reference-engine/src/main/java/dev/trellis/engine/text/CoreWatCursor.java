package dev.trellis.engine.text;

import dev.trellis.engine.error.TextException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A cursor over the items of an S-expression list, as the core WAT parsers walk it. Annotations
 * {@code (@...)} that a parser does not ask for are skipped wherever they appear; every error is a
 * {@link TextException} located at the offending item (or at the closing parenthesis when input
 * ran out).
 */
final class CoreWatCursor {
  private final List<SExpr> items;
  private final SExpr.SList owner;
  private final String file;
  private final int end;
  private int i;

  CoreWatCursor(SExpr.SList owner, int from, String file) {
    this(owner, from, owner.items().size(), file);
  }

  /** A cursor over {@code owner}'s items in {@code [from, end)}. */
  CoreWatCursor(SExpr.SList owner, int from, int end, String file) {
    this.owner = owner;
    this.items = owner.items();
    this.file = file;
    this.i = from;
    this.end = end;
  }

  String file() {
    return file;
  }

  SExpr.SList owner() {
    return owner;
  }

  int mark() {
    return i;
  }

  /** The raw position (annotations not skipped). */
  int position() {
    return i;
  }

  void reset(int mark) {
    i = mark;
  }

  /** The index of the next non-annotation item at or after the raw position. */
  private int skipFrom(int j) {
    while (j < end && items.get(j) instanceof SExpr.SList l && l.annotation() != null) {
      j++;
    }
    return j;
  }

  boolean atEnd() {
    return skipFrom(i) >= end;
  }

  /** The next item, or null at the end. */
  SExpr peek() {
    int j = skipFrom(i);
    return j < end ? items.get(j) : null;
  }

  /** The item after the next one (annotations skipped), or null. */
  SExpr peek2() {
    int j = skipFrom(i);
    if (j >= end) {
      return null;
    }
    j = skipFrom(j + 1);
    return j < end ? items.get(j) : null;
  }

  /**
   * The string of a {@code (@name "...")} annotation among the annotations at the raw position
   * (where it may follow an identifier), or null.
   */
  String nameAnnotation() {
    for (int j = i; j < end && items.get(j) instanceof SExpr.SList l && l.annotation() != null; j++) {
      if (l.annotation().equals("name") && l.size() == 1 && l.get(0) instanceof SExpr.Atom a
          && a.token().kind() == Token.Kind.STRING) {
        return utf8(a.token(), file);
      }
    }
    return null;
  }

  /** The index in the owner's items of the item {@link #peek} returns. */
  int peekPosition() {
    return skipFrom(i);
  }

  /** Consumes the item {@link #peek} returned. */
  private void advance() {
    i = skipFrom(i) + 1;
  }

  SExpr next(String expected) {
    SExpr e = peek();
    if (e == null) {
      throw errorHere("expected " + expected);
    }
    advance();
    return e;
  }

  /** The next item's token if it is an atom, else null. */
  Token peekToken() {
    return peek() instanceof SExpr.Atom a ? a.token() : null;
  }

  boolean peekKeyword(String kw) {
    Token t = peekToken();
    return t != null && t.isKeyword(kw);
  }

  boolean peekIndex() {
    return isIndex(peekToken());
  }

  boolean peekString() {
    Token t = peekToken();
    return t != null && t.kind() == Token.Kind.STRING;
  }

  /** The next item if it is a list headed by {@code head}, else null. */
  SExpr.SList peekList(String head) {
    return peek() instanceof SExpr.SList l && l.is(head) ? l : null;
  }

  boolean takeKeyword(String kw) {
    if (peekKeyword(kw)) {
      advance();
      return true;
    }
    return false;
  }

  void expectKeyword(String kw) {
    if (!takeKeyword(kw)) {
      throw errorHere("expected `" + kw + "`");
    }
  }

  /** Consumes an identifier if present and returns its token, else null. */
  Token optId() {
    Token t = peekToken();
    if (t != null && t.kind() == Token.Kind.ID) {
      advance();
      return t;
    }
    return null;
  }

  /** Consumes an identifier only if it is the very next item (no annotation before it). */
  Token optIdHere() {
    if (i < end && items.get(i) instanceof SExpr.Atom a && a.token().kind() == Token.Kind.ID) {
      i++;
      return a.token();
    }
    return null;
  }

  /** Consumes an index ({@code $id} or u32 literal) if present, else null. */
  Token optIndex() {
    Token t = peekToken();
    if (isIndex(t)) {
      advance();
      return t;
    }
    return null;
  }

  Token expectIndex(String what) {
    Token t = optIndex();
    if (t == null) {
      throw errorHere("expected " + what + " index or identifier");
    }
    return t;
  }

  Token expectToken(Token.Kind kind, String expected) {
    Token t = peekToken();
    if (t == null || t.kind() != kind) {
      throw errorHere("expected " + expected);
    }
    advance();
    return t;
  }

  /** A string literal's bytes. */
  byte[] expectStringBytes(String what) {
    return expectToken(Token.Kind.STRING, what).bytes();
  }

  /** A string literal that must be valid UTF-8 (a name). */
  String expectName(String what) {
    Token t = expectToken(Token.Kind.STRING, what);
    return utf8(t, file);
  }

  SExpr.SList expectList(String head) {
    SExpr.SList l = peekList(head);
    if (l == null) {
      throw errorHere("expected `(" + head + " ...)`");
    }
    advance();
    return l;
  }

  SExpr.SList expectAnyList(String expected) {
    if (peek() instanceof SExpr.SList l) {
      advance();
      return l;
    }
    throw errorHere("expected " + expected);
  }

  long expectU32(String what) {
    Token t = expectToken(Token.Kind.NUMBER, what);
    Long v = CoreWatSyntax.u32(t.text());
    if (v == null) {
      throw error(t.pos(), "invalid " + what + ": `" + t.text() + "` is not a u32");
    }
    return v;
  }

  long expectU64(String what) {
    Token t = expectToken(Token.Kind.NUMBER, what);
    Long v = Numbers.u64(t.text());
    if (v == null) {
      throw error(t.pos(), "invalid " + what + ": `" + t.text() + "` is not a u64");
    }
    return v;
  }

  void expectEnd() {
    SExpr e = peek();
    if (e != null) {
      throw error(e, "unexpected " + describe(e));
    }
  }

  TextException errorHere(String message) {
    SExpr e = peek();
    if (e == null) {
      return end < items.size()
          ? error(items.get(end), message + ", found " + describe(items.get(end)))
          : error(owner.end(), message + ", found `)`");
    }
    return error(e, message + ", found " + describe(e));
  }

  TextException error(SExpr at, String message) {
    return error(at == null ? Pos.NONE : at.pos(), message);
  }

  TextException error(Pos p, String message) {
    return new TextException(file, p.line(), p.column(), message);
  }

  static boolean isIndex(Token t) {
    return t != null && (t.kind() == Token.Kind.ID || t.kind() == Token.Kind.NUMBER);
  }

  static String describe(SExpr e) {
    if (e instanceof SExpr.Atom a) {
      String s = a.token().text();
      return "`" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "`";
    }
    SExpr.SList l = (SExpr.SList) e;
    String h = l.head();
    return h == null ? "`(`" : "`(" + h + "`";
  }

  static String utf8(Token t, String file) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(t.bytes()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new TextException(file, t.pos().line(), t.pos().column(), "malformed UTF-8 encoding");
    }
  }
}

package dev.trellis.engine.text;

import dev.trellis.engine.error.TextException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A read position inside one {@link SExpr.SList}: the small vocabulary the component text
 * parser and the WAST parser use to walk forms (peek/take a keyword, id, string, number or
 * nested list) and to report errors at the token they stopped on.
 */
final class ComponentWatCursor {
  final SExpr.SList list;
  final String file;
  int i;

  ComponentWatCursor(SExpr.SList list, String file, int start) {
    this.list = list;
    this.file = file;
    this.i = start;
  }

  boolean atEnd() {
    return i >= list.size();
  }

  SExpr peek() {
    return atEnd() ? null : list.get(i);
  }

  SExpr peek(int ahead) {
    return i + ahead >= list.size() ? null : list.get(i + ahead);
  }

  SExpr next() {
    if (atEnd()) {
      throw error("unexpected end of form: expected more");
    }
    return list.get(i++);
  }

  /** The remaining items. */
  List<SExpr> rest() {
    return list.items().subList(Math.min(i, list.size()), list.size());
  }

  // ---- atoms

  Token peekToken() {
    return peek() instanceof SExpr.Atom a ? a.token() : null;
  }

  boolean peekKeyword(String kw) {
    Token t = peekToken();
    return t != null && t.isKeyword(kw);
  }

  boolean takeKeyword(String kw) {
    if (peekKeyword(kw)) {
      i++;
      return true;
    }
    return false;
  }

  void expectKeyword(String kw) {
    if (!takeKeyword(kw)) {
      throw error("expected `" + kw + "`");
    }
  }

  /** Takes a keyword, whatever it is. */
  String keyword(String what) {
    Token t = peekToken();
    if (t == null || t.kind() != Token.Kind.KEYWORD) {
      throw error("expected " + what);
    }
    i++;
    return t.text();
  }

  boolean peekId() {
    Token t = peekToken();
    return t != null && t.kind() == Token.Kind.ID;
  }

  /** An optional {@code $id}: its token, or null. */
  Token optId() {
    if (peekId()) {
      return ((SExpr.Atom) list.get(i++)).token();
    }
    return null;
  }

  boolean peekString() {
    Token t = peekToken();
    return t != null && t.kind() == Token.Kind.STRING;
  }

  Token stringToken(String what) {
    Token t = peekToken();
    if (t == null || t.kind() != Token.Kind.STRING) {
      throw error("expected " + what);
    }
    i++;
    return t;
  }

  /** A string that must be valid UTF-8 (a name). */
  String name(String what) {
    return utf8(stringToken(what));
  }

  /** A string's raw bytes. */
  byte[] bytes(String what) {
    return stringToken(what).bytes();
  }

  String optName() {
    return peekString() ? name("a name") : null;
  }

  boolean peekNumber() {
    Token t = peekToken();
    return t != null && t.kind() == Token.Kind.NUMBER;
  }

  long u32(String what) {
    Token t = peekToken();
    if (t == null || t.kind() != Token.Kind.NUMBER) {
      throw error("expected " + what);
    }
    Long v = Numbers.u32(t.text());
    if (v == null) {
      throw errorAt(peek(), "invalid u32 number: constant out of range");
    }
    i++;
    return v;
  }

  // ---- lists

  boolean peekList() {
    return peek() instanceof SExpr.SList l && l.annotation() == null;
  }

  /** True if the next item is a list whose head keyword is {@code kw}. */
  boolean peekList(String kw) {
    return peek() instanceof SExpr.SList l && l.annotation() == null && l.is(kw);
  }

  /** True if the next item is a list {@code (kw1 kw2 ...)}. */
  boolean peekList(String kw1, String kw2) {
    return peek() instanceof SExpr.SList l && l.annotation() == null && l.is(kw1) && l.size() > 1
        && l.get(1) instanceof SExpr.Atom a && a.token().isKeyword(kw2);
  }

  SExpr.SList list(String what) {
    if (!(peek() instanceof SExpr.SList l) || l.annotation() != null) {
      throw error("expected " + what);
    }
    i++;
    return l;
  }

  /** A cursor over the next list, positioned after its head keyword {@code kw}. */
  ComponentWatCursor enter(String kw) {
    SExpr.SList l = list("`(" + kw + " ...)`");
    if (!l.is(kw)) {
      throw errorAt(l, "expected `(" + kw + " ...)`");
    }
    return new ComponentWatCursor(l, file, 1);
  }

  /** A cursor over {@code l} from its first item. */
  ComponentWatCursor sub(SExpr.SList l, int start) {
    return new ComponentWatCursor(l, file, start);
  }

  /** Skips annotations {@code (@name ...)} at the cursor. */
  void skipAnnotations() {
    while (peek() instanceof SExpr.SList l && l.annotation() != null) {
      i++;
    }
  }

  void expectEnd() {
    skipAnnotations();
    if (!atEnd()) {
      throw error("unexpected token");
    }
  }

  // ---- errors

  TextException error(String message) {
    SExpr at = peek();
    if (at == null) {
      Pos end = list.end();
      return new TextException(file, end.line(), end.column(), message);
    }
    return errorAt(at, message);
  }

  TextException errorAt(SExpr at, String message) {
    return SExpr.error(file, at, message);
  }

  static TextException errorAt(String file, SExpr at, String message) {
    return SExpr.error(file, at, message);
  }

  String utf8(Token t) {
    return utf8(t, file);
  }

  static String utf8(Token t, String file) {
    if (t.bytes() == null) {
      return t.text();
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(t.bytes())).toString();
    } catch (CharacterCodingException e) {
      throw new TextException(file, t.pos().line(), t.pos().column(), "malformed UTF-8 encoding");
    }
  }
}

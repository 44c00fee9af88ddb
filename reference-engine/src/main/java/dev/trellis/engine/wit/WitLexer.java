package dev.trellis.engine.wit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The WIT lexer (WIT.md#lexical-structure). A pull lexer over one file's text; offsets are
 * global (the file's base offset in its {@link SourceMap} plus the index in the text) so a
 * span names its file. Whitespace and comments are skipped by {@link #next()}; the comments
 * preceding an item are collected by {@link #docs()} because WIT attaches them to the item.
 */
final class WitLexer {

  enum Kind {
    EQUALS("'='"), COMMA("','"), COLON("':'"), SEMICOLON("';'"), LPAREN("'('"), RPAREN("')'"),
    LBRACE("'{'"), RBRACE("'}'"), LT("'<'"), GT("'>'"), RARROW("'->'"), STAR("'*'"), AT("'@'"),
    SLASH("'/'"), PLUS("'+'"), MINUS("'-'"), PERIOD("'.'"),
    USE("keyword `use`"), TYPE("keyword `type`"), FUNC("keyword `func`"), U8("keyword `u8`"),
    U16("keyword `u16`"), U32("keyword `u32`"), U64("keyword `u64`"), S8("keyword `s8`"),
    S16("keyword `s16`"), S32("keyword `s32`"), S64("keyword `s64`"), F32("keyword `f32`"),
    F64("keyword `f64`"), CHAR("keyword `char`"), RECORD("keyword `record`"),
    RESOURCE("keyword `resource`"), OWN("keyword `own`"), BORROW("keyword `borrow`"),
    FLAGS("keyword `flags`"), VARIANT("keyword `variant`"), ENUM("keyword `enum`"),
    BOOL("keyword `bool`"), STRING("keyword `string`"), OPTION("keyword `option`"),
    RESULT("keyword `result`"), FUTURE("keyword `future`"), STREAM("keyword `stream`"),
    ERROR_CONTEXT("keyword `error-context`"), LIST("keyword `list`"), MAP("keyword `map`"),
    UNDERSCORE("keyword `_`"), AS("keyword `as`"), FROM("keyword `from`"),
    STATIC("keyword `static`"), INTERFACE("keyword `interface`"), TUPLE("keyword `tuple`"),
    IMPORT("keyword `import`"), EXPORT("keyword `export`"), WORLD("keyword `world`"),
    PACKAGE("keyword `package`"), CONSTRUCTOR("keyword `constructor`"), ASYNC("keyword `async`"),
    INCLUDE("keyword `include`"), WITH("keyword `with`"),
    ID("an identifier"), EXPLICIT_ID("an explicit identifier"), INTEGER("an integer"),
    STRING_LIT("a string");

    final String description;

    Kind(String description) {
      this.description = description;
    }
  }

  private static final Map<String, Kind> KEYWORDS = Map.ofEntries(
      Map.entry("use", Kind.USE), Map.entry("type", Kind.TYPE), Map.entry("func", Kind.FUNC),
      Map.entry("u8", Kind.U8), Map.entry("u16", Kind.U16), Map.entry("u32", Kind.U32),
      Map.entry("u64", Kind.U64), Map.entry("s8", Kind.S8), Map.entry("s16", Kind.S16),
      Map.entry("s32", Kind.S32), Map.entry("s64", Kind.S64), Map.entry("f32", Kind.F32),
      Map.entry("f64", Kind.F64), Map.entry("char", Kind.CHAR), Map.entry("record", Kind.RECORD),
      Map.entry("resource", Kind.RESOURCE), Map.entry("own", Kind.OWN),
      Map.entry("borrow", Kind.BORROW), Map.entry("flags", Kind.FLAGS),
      Map.entry("variant", Kind.VARIANT), Map.entry("enum", Kind.ENUM), Map.entry("bool", Kind.BOOL),
      Map.entry("string", Kind.STRING), Map.entry("option", Kind.OPTION),
      Map.entry("result", Kind.RESULT), Map.entry("future", Kind.FUTURE),
      Map.entry("stream", Kind.STREAM), Map.entry("error-context", Kind.ERROR_CONTEXT),
      Map.entry("list", Kind.LIST), Map.entry("map", Kind.MAP), Map.entry("_", Kind.UNDERSCORE),
      Map.entry("as", Kind.AS), Map.entry("from", Kind.FROM), Map.entry("static", Kind.STATIC),
      Map.entry("interface", Kind.INTERFACE), Map.entry("tuple", Kind.TUPLE),
      Map.entry("import", Kind.IMPORT), Map.entry("export", Kind.EXPORT),
      Map.entry("world", Kind.WORLD), Map.entry("package", Kind.PACKAGE),
      Map.entry("constructor", Kind.CONSTRUCTOR), Map.entry("async", Kind.ASYNC),
      Map.entry("include", Kind.INCLUDE), Map.entry("with", Kind.WITH));

  /** A token: kind and global span; {@code spaceBefore} when whitespace or a comment precedes it. */
  record Token(Kind kind, int start, int end, boolean spaceBefore) {}

  private final String text;
  private final int base;
  private int pos;

  WitLexer(String text, int base) {
    this.text = text;
    this.base = base;
    this.pos = text.startsWith("\uFEFF") ? 1 : 0;
  }

  /** Rejects characters WIT forbids anywhere in a document (WIT.md#lexical-structure). */
  void checkInput() {
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      boolean bad;
      String what;
      if (cp >= 0x202a && cp <= 0x202e || cp >= 0x2066 && cp <= 0x2069) {
        bad = true;
        what = "input contains bidirectional override codepoint";
      } else if (cp == 0x149 || cp == 0x673 || cp == 0xf77 || cp == 0xf79 || cp == 0x17a3
          || cp == 0x17a4 || cp == 0x17b4 || cp == 0x17b5) {
        bad = true;
        what = "codepoint is discouraged by Unicode";
      } else if (Character.getType(cp) == Character.CONTROL && cp != '\n' && cp != '\r' && cp != '\t') {
        bad = true;
        what = "control code";
      } else {
        bad = false;
        what = null;
      }
      if (bad) {
        throw new WitError(base + i, base + i + Character.charCount(cp),
            String.format("%s '\\u{%x}'", what, cp));
      }
      i += Character.charCount(cp);
    }
  }

  int base() {
    return base;
  }

  String text() {
    return text;
  }

  /** The text of a global span. */
  String slice(int start, int end) {
    return text.substring(start - base, end - base);
  }

  int mark() {
    return pos;
  }

  void reset(int mark) {
    pos = mark;
  }

  /** Global offset of the end of input. */
  int eof() {
    return base + text.length();
  }

  /** The next significant token, or null at end of input. */
  Token next() {
    boolean space = skipTrivia();
    if (pos >= text.length()) {
      return null;
    }
    return lexToken(space);
  }

  Token peek() {
    int save = pos;
    try {
      return next();
    } finally {
      pos = save;
    }
  }

  /** The token after the next one. */
  Token peek2() {
    int save = pos;
    try {
      next();
      return next();
    } finally {
      pos = save;
    }
  }

  /**
   * Collects the comments between here and the next significant token (WIT attaches every
   * comment that precedes an item to it as documentation), leaving the position after them.
   */
  Docs docs() {
    List<String> comments = new ArrayList<>();
    int start = -1;
    int end = -1;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        pos++;
      } else if (text.startsWith("//", pos) || text.startsWith("/*", pos)) {
        int s = pos;
        skipComment();
        String comment = text.substring(s, pos);
        if (start < 0) {
          start = base + s;
        }
        String trimmed = comment.stripTrailing();
        end = base + s + trimmed.length();
        comments.add(comment);
      } else {
        break;
      }
    }
    return new Docs(comments, start, end);
  }

  /** Raw documentation comments in source order with their span (start -1 when none). */
  record Docs(List<String> comments, int start, int end) {
    static final Docs NONE = new Docs(List.of(), -1, -1);
  }

  private boolean skipTrivia() {
    boolean any = false;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        pos++;
        any = true;
      } else if (text.startsWith("//", pos) || text.startsWith("/*", pos)) {
        skipComment();
        any = true;
      } else {
        break;
      }
    }
    return any;
  }

  private void skipComment() {
    int start = pos;
    if (text.startsWith("//", pos)) {
      int nl = text.indexOf('\n', pos);
      pos = nl < 0 ? text.length() : nl;
      // a '\r' right before '\n' belongs to the line ending, not the comment
      if (pos > start && text.charAt(pos - 1) == '\r' && nl >= 0) {
        pos--;
      }
      return;
    }
    pos += 2;
    int depth = 1;
    while (depth > 0) {
      if (pos >= text.length()) {
        throw new WitError(base + start, base + start + 2, "unterminated block comment");
      }
      if (text.startsWith("/*", pos)) {
        depth++;
        pos += 2;
      } else if (text.startsWith("*/", pos)) {
        depth--;
        pos += 2;
      } else {
        pos++;
      }
    }
  }

  private Token lexToken(boolean space) {
    int start = pos;
    char c = text.charAt(pos);
    Kind kind;
    switch (c) {
      case '=' -> kind = one(Kind.EQUALS);
      case ',' -> kind = one(Kind.COMMA);
      case ':' -> kind = one(Kind.COLON);
      case ';' -> kind = one(Kind.SEMICOLON);
      case '(' -> kind = one(Kind.LPAREN);
      case ')' -> kind = one(Kind.RPAREN);
      case '{' -> kind = one(Kind.LBRACE);
      case '}' -> kind = one(Kind.RBRACE);
      case '<' -> kind = one(Kind.LT);
      case '>' -> kind = one(Kind.GT);
      case '*' -> kind = one(Kind.STAR);
      case '@' -> kind = one(Kind.AT);
      case '/' -> kind = one(Kind.SLASH);
      case '+' -> kind = one(Kind.PLUS);
      case '.' -> kind = one(Kind.PERIOD);
      case '"' -> kind = string();
      case '%' -> {
        pos++;
        if (pos < text.length() && isKeylikeStart(text.codePointAt(pos))) {
          keylike();
        }
        kind = Kind.EXPLICIT_ID;
      }
      default -> {
        if (c == '-' && text.startsWith("->", pos)) {
          pos += 2;
          kind = Kind.RARROW;
        } else if (c >= '0' && c <= '9') {
          while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            pos++;
          }
          kind = Kind.INTEGER;
        } else if (isKeylikeStart(text.codePointAt(pos))) {
          keylike();
          kind = KEYWORDS.getOrDefault(text.substring(start, pos), Kind.ID);
        } else if (c == '-') {
          pos++;
          kind = Kind.MINUS;
        } else {
          int cp = text.codePointAt(pos);
          throw new WitError(base + start, base + start + Character.charCount(cp),
              "unexpected character " + quoteChar(cp));
        }
      }
    }
    return new Token(kind, base + start, base + pos, space);
  }

  private Kind one(Kind k) {
    pos++;
    return k;
  }

  private void keylike() {
    pos += Character.charCount(text.codePointAt(pos));
    while (pos < text.length()) {
      int cp = text.codePointAt(pos);
      if (!isKeylikeContinue(cp)) {
        break;
      }
      pos += Character.charCount(cp);
    }
  }

  private Kind string() {
    int start = pos;
    pos++;
    while (true) {
      if (pos >= text.length()) {
        throw new WitError(base + start, base + start + 1, "unterminated string literal");
      }
      char c = text.charAt(pos);
      if (c == '"') {
        pos++;
        return Kind.STRING_LIT;
      }
      if (c == '\n') {
        throw new WitError(base + pos, base + pos + 1, "newline in string literal");
      }
      if (c == '\\') {
        pos++;
      }
      pos++;
    }
  }

  static boolean isKeylikeStart(int cp) {
    return Character.isUnicodeIdentifierStart(cp) || cp == '_' || cp == '-';
  }

  static boolean isKeylikeContinue(int cp) {
    return (Character.isUnicodeIdentifierPart(cp) && !Character.isIdentifierIgnorable(cp)) || cp == '-';
  }

  static String quoteChar(int cp) {
    return cp >= 0x20 && cp < 0x7f ? "'" + (char) cp + "'" : String.format("'\\u{%x}'", cp);
  }

  /**
   * Scans a semantic version (semver.org) starting at global offset {@code start}, returning
   * the global end offset, or {@code start} when there is none. A trailing {@code '.'} that is
   * not followed by an identifier character (as in {@code a:b/c@1.0.0.{x}}) is left alone.
   */
  int scanVersion(int start) {
    int i = start - base;
    int n = text.length();
    for (int part = 0; part < 3; part++) {
      if (part > 0) {
        if (i >= n || text.charAt(i) != '.' || i + 1 >= n || !isDigit(text.charAt(i + 1))) {
          return base + i;
        }
        i++;
      }
      if (i >= n || !isDigit(text.charAt(i))) {
        return base + i;
      }
      while (i < n && isDigit(text.charAt(i))) {
        i++;
      }
    }
    for (char sep : new char[] {'-', '+'}) {
      if (i < n && text.charAt(i) == sep && i + 1 < n && isIdentChar(text.charAt(i + 1))) {
        i++;
        while (i < n) {
          if (isIdentChar(text.charAt(i))) {
            i++;
          } else if (text.charAt(i) == '.' && i + 1 < n && isIdentChar(text.charAt(i + 1))) {
            i++;
          } else {
            break;
          }
        }
      }
    }
    return base + i;
  }

  /** Moves the position to global offset {@code end}. */
  void skipTo(int end) {
    pos = end - base;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isIdentChar(char c) {
    return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-';
  }

  /**
   * Validates a WIT identifier: kebab-case {@code label} (Explainer.md#import-and-export-names):
   * '-'-separated fragments, the first starting with a letter, each all lower case or all upper
   * case letters and digits. Returns null when valid, else what is wrong.
   */
  static String validateId(String id) {
    if (id.isEmpty()) {
      return "identifiers must have at least one character";
    }
    String[] parts = id.split("-", -1);
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      if (part.isEmpty()) {
        return "identifier parts may not be empty (`-` must separate words)";
      }
      char first = part.charAt(0);
      if (i == 0 && !(first >= 'a' && first <= 'z' || first >= 'A' && first <= 'Z')) {
        return "identifiers must start with a letter, found " + quoteChar(part.codePointAt(0));
      }
      boolean lower = false;
      boolean upper = false;
      for (int j = 0; j < part.length(); ) {
        int cp = part.codePointAt(j);
        if (cp >= 'a' && cp <= 'z') {
          lower = true;
        } else if (cp >= 'A' && cp <= 'Z') {
          upper = true;
        } else if (!(cp >= '0' && cp <= '9')) {
          return "invalid character in identifier " + quoteChar(cp);
        }
        j += Character.charCount(cp);
      }
      if (lower && upper) {
        return "word `" + part + "` mixes upper and lower case letters";
      }
    }
    return null;
  }
}

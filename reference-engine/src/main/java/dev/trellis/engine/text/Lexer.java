package dev.trellis.engine.text;

import dev.trellis.engine.error.TextException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The lexer of the WebAssembly text format (core spec §6.2 "Lexical Format"), shared by core
 * WAT, component WAT and WAST: whitespace, nested block comments, line comments, strings with
 * escapes, identifiers (incl. {@code $"quoted"}), numbers, keywords, reserved tokens and
 * annotations. {@link #parse} builds the {@link SExpr} forest directly.
 */
public final class Lexer {

  private static final String DIGITS = "[0-9](?:_?[0-9])*";
  private static final String HEXDIGITS = "[0-9a-fA-F](?:_?[0-9a-fA-F])*";
  private static final Pattern NUMBER = Pattern.compile(
      "[+-]?(?:"
          + DIGITS + "(?:\\.(?:" + DIGITS + ")?)?(?:[eE][+-]?" + DIGITS + ")?"
          + "|0x" + HEXDIGITS + "(?:\\.(?:" + HEXDIGITS + ")?)?(?:[pP][+-]?" + DIGITS + ")?"
          + "|inf|nan|nan:0x" + HEXDIGITS
          + ")");

  private final String src;
  private final String file;
  private int i;
  private int line = 1;
  private int lineStart;

  private Lexer(String src, String file) {
    this.src = src;
    this.file = file;
  }

  /** Parses {@code src} into its top-level S-expressions (atoms may appear at top level). */
  public static List<SExpr> parse(String src, String file) {
    return new Lexer(src, file).forest();
  }

  /** Parses {@code src} into its top-level S-expressions. */
  public static List<SExpr> parse(String src) {
    return parse(src, null);
  }

  /** True if {@code c} may appear in a keyword, id, number or reserved token. */
  public static boolean isIdChar(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
        || "!#$%&'*+-./:<=>?@\\^_`|~".indexOf(c) >= 0;
  }

  private Pos pos() {
    return new Pos(line, i - lineStart + 1, i);
  }

  private TextException error(Pos p, String message) {
    return new TextException(file, p.line(), p.column(), message);
  }

  private List<SExpr> forest() {
    List<SExpr> out = new ArrayList<>();
    while (true) {
      skipSpace();
      if (i >= src.length()) {
        return out;
      }
      if (src.charAt(i) == ')') {
        throw error(pos(), "unexpected `)`");
      }
      out.add(expr());
    }
  }

  private SExpr expr() {
    Pos start = pos();
    char c = src.charAt(i);
    if (c != '(') {
      return new SExpr.Atom(atom());
    }
    i++;
    String annotation = null;
    if (i < src.length() && src.charAt(i) == '@') {
      i++;
      Pos ap = pos();
      if (i < src.length() && src.charAt(i) == '"') {
        annotation = new String(string(ap), StandardCharsets.UTF_8);
      } else {
        int s = i;
        while (i < src.length() && isIdChar(src.charAt(i))) {
          i++;
        }
        if (s == i) {
          throw error(ap, "empty annotation id");
        }
        annotation = src.substring(s, i);
      }
    }
    List<SExpr> items = new ArrayList<>();
    while (true) {
      skipSpace();
      if (i >= src.length()) {
        throw error(start, "unclosed `(`: expected `)` before end of input");
      }
      if (src.charAt(i) == ')') {
        Pos end = pos();
        i++;
        return new SExpr.SList(items, annotation, start, end);
      }
      items.add(expr());
    }
  }

  private Token atom() {
    Pos p = pos();
    char c = src.charAt(i);
    if (c == '"') {
      int s = i;
      byte[] b = string(p);
      return new Token(Token.Kind.STRING, src.substring(s, i), b, p);
    }
    int s = i;
    while (i < src.length() && isIdChar(src.charAt(i))) {
      i++;
    }
    if (s == i) {
      throw error(p, "unexpected character `" + printable(c) + "`");
    }
    String text = src.substring(s, i);
    // $"quoted id"
    if (text.equals("$") && i < src.length() && src.charAt(i) == '"') {
      byte[] b = string(p);
      if (b.length == 0) {
        throw error(p, "empty identifier");
      }
      checkFollow(p);
      return new Token(Token.Kind.ID, src.substring(s, i), b, p);
    }
    checkFollow(p);
    Token.Kind kind;
    if (NUMBER.matcher(text).matches()) {
      kind = Token.Kind.NUMBER;
    } else if (text.charAt(0) == '$' && text.length() > 1) {
      kind = Token.Kind.ID;
    } else if (text.charAt(0) >= 'a' && text.charAt(0) <= 'z') {
      kind = Token.Kind.KEYWORD;
    } else {
      kind = Token.Kind.RESERVED;
    }
    return new Token(kind, text, null, p);
  }

  /** Tokens must be separated by whitespace, comments or parentheses. */
  private void checkFollow(Pos start) {
    if (i < src.length()) {
      char c = src.charAt(i);
      if (c == '"' || c == ',' || c == '[' || c == ']' || c == '{' || c == '}'
          || (c == ';' && !(i + 1 < src.length() && src.charAt(i + 1) == ';'))) {
        throw error(start, "unknown operator: malformed token `" + src.substring(start.offset(), Math.min(src.length(), i + 1)) + "`");
      }
    }
  }

  private byte[] string(Pos p) {
    i++; // opening quote
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (true) {
      if (i >= src.length()) {
        throw error(p, "unterminated string literal");
      }
      int c = src.codePointAt(i);
      if (c == '"') {
        i++;
        return out.toByteArray();
      }
      if (c == '\n') {
        throw error(p, "unterminated string literal (newline in string)");
      }
      if (c < 0x20 || c == 0x7f) {
        throw error(pos(), "control character in string literal");
      }
      if (c != '\\') {
        byte[] enc = new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8);
        out.writeBytes(enc);
        i += Character.charCount(c);
        continue;
      }
      Pos ep = pos();
      i++;
      if (i >= src.length()) {
        throw error(p, "unterminated string literal");
      }
      char e = src.charAt(i++);
      switch (e) {
        case 't' -> out.write('\t');
        case 'n' -> out.write('\n');
        case 'r' -> out.write('\r');
        case '"' -> out.write('"');
        case '\'' -> out.write('\'');
        case '\\' -> out.write('\\');
        case 'u' -> {
          if (i >= src.length() || src.charAt(i) != '{') {
            throw error(ep, "malformed unicode escape: expected `{`");
          }
          int close = src.indexOf('}', i);
          if (close < 0) {
            throw error(ep, "malformed unicode escape: expected `}`");
          }
          String hex = src.substring(i + 1, close).replace("_", "");
          int cp;
          try {
            if (hex.isEmpty() || hex.length() > 8) {
              throw new NumberFormatException();
            }
            cp = Integer.parseUnsignedInt(hex, 16);
          } catch (NumberFormatException ex) {
            throw error(ep, "malformed unicode escape `\\u{" + hex + "}`");
          }
          if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            throw error(ep, "malformed unicode escape: invalid code point 0x" + Integer.toHexString(cp));
          }
          out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
          i = close + 1;
        }
        default -> {
          int h1 = Character.digit(e, 16);
          int h2 = i < src.length() ? Character.digit(src.charAt(i), 16) : -1;
          if (h1 < 0 || h2 < 0) {
            throw error(ep, "malformed string escape `\\" + e + "`");
          }
          i++;
          out.write(h1 * 16 + h2);
        }
      }
    }
  }

  private void skipSpace() {
    while (i < src.length()) {
      char c = src.charAt(i);
      if (c == '\n') {
        i++;
        line++;
        lineStart = i;
      } else if (c == ' ' || c == '\t' || c == '\r') {
        i++;
      } else if (c == ';' && i + 1 < src.length() && src.charAt(i + 1) == ';') {
        while (i < src.length() && src.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '(' && i + 1 < src.length() && src.charAt(i + 1) == ';') {
        blockComment();
      } else {
        return;
      }
    }
  }

  private void blockComment() {
    Pos start = pos();
    int depth = 0;
    while (i < src.length()) {
      char c = src.charAt(i);
      if (c == '(' && i + 1 < src.length() && src.charAt(i + 1) == ';') {
        depth++;
        i += 2;
      } else if (c == ';' && i + 1 < src.length() && src.charAt(i + 1) == ')') {
        depth--;
        i += 2;
        if (depth == 0) {
          return;
        }
      } else {
        if (c == '\n') {
          line++;
          lineStart = i + 1;
        }
        i++;
      }
    }
    throw error(start, "unterminated block comment");
  }

  private static String printable(char c) {
    return c < 0x20 || c >= 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c);
  }
}

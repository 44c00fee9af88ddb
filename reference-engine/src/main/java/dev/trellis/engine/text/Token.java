package dev.trellis.engine.text;

import java.nio.charset.StandardCharsets;

/**
 * A lexical token of the WebAssembly text format. Only the kinds that can appear as atoms
 * inside an {@link SExpr} are represented; parentheses are structural.
 *
 * @param kind what sort of token
 * @param text the source text of the token (for strings, including the quotes)
 * @param bytes for {@link Kind#STRING} (and {@link Kind#ID} written {@code $"..."}), the
 *     decoded byte value; otherwise null
 * @param pos where it starts
 */
public record Token(Kind kind, String text, byte[] bytes, Pos pos) {

  public enum Kind {
    /** Starts with a-z: {@code module}, {@code i32.add}, {@code offset=4}. */
    KEYWORD,
    /** {@code $name} or {@code $"name"}. */
    ID,
    /** A string literal; its value is {@link #bytes()}. */
    STRING,
    /** An integer or float literal (sign, hex, underscores, inf, nan, nan:0x..). */
    NUMBER,
    /** Any other idchar sequence. */
    RESERVED,
    /** The name of an annotation {@code (@name ...)}, text without the {@code @}. */
    ANNOTATION
  }

  /** The string value decoded as UTF-8 (strings and quoted ids). */
  public String string() {
    return bytes == null ? text : new String(bytes, StandardCharsets.UTF_8);
  }

  /** The identifier name without the leading {@code $} (unquoted when written {@code $"..."}). */
  public String idName() {
    if (kind != Kind.ID) {
      throw new IllegalStateException("not an id: " + text);
    }
    return bytes != null ? new String(bytes, StandardCharsets.UTF_8) : text.substring(1);
  }

  public boolean isKeyword(String kw) {
    return kind == Kind.KEYWORD && text.equals(kw);
  }

  @Override
  public String toString() {
    return text;
  }
}

package dev.trellis.engine.text;

import dev.trellis.engine.error.TextException;
import java.util.List;

/**
 * An S-expression of the text format: an atom (one token) or a parenthesized list. The
 * parsers walk this tree; every node knows its position for error messages.
 */
public sealed interface SExpr {
  Pos pos();

  /** An atom. */
  record Atom(Token token) implements SExpr {
    @Override
    public Pos pos() {
      return token.pos();
    }

    @Override
    public String toString() {
      return token.text();
    }
  }

  /**
   * A list {@code ( ... )}. {@code annotation} is the annotation name for {@code (@name ...)}
   * lists, else null. {@code end} is the position of the closing parenthesis.
   */
  record SList(List<SExpr> items, String annotation, Pos pos, Pos end) implements SExpr {
    public SList {
      items = List.copyOf(items);
    }

    public int size() {
      return items.size();
    }

    public SExpr get(int i) {
      return items.get(i);
    }

    public boolean isEmpty() {
      return items.isEmpty();
    }

    /** The keyword at the head of this list, or null if it is not a keyword. */
    public String head() {
      if (!items.isEmpty() && items.get(0) instanceof Atom a && a.token().kind() == Token.Kind.KEYWORD) {
        return a.token().text();
      }
      return null;
    }

    /** True if the head keyword is {@code kw}. */
    public boolean is(String kw) {
      return kw.equals(head());
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder("(");
      if (annotation != null) {
        sb.append('@').append(annotation);
      }
      for (int i = 0; i < items.size(); i++) {
        if (i > 0 || annotation != null) {
          sb.append(' ');
        }
        sb.append(items.get(i));
      }
      return sb.append(')').toString();
    }
  }

  /** Raises a {@link TextException} located at {@code at}. */
  static TextException error(String file, SExpr at, String message) {
    Pos p = at == null ? Pos.NONE : at.pos();
    return new TextException(file, p.line(), p.column(), message);
  }
}

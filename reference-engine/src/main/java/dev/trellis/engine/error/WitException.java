package dev.trellis.engine.error;

/**
 * A WIT document that does not lex, parse or resolve. Carries the file, 1-based line and
 * column of the problem, as wit-parser's diagnostics do.
 */
public final class WitException extends TrellisException {
  private final String file;
  private final int line;
  private final int column;
  private final String reason;

  public WitException(String file, int line, int column, String reason) {
    super(reason + (file == null ? "" : "\n     --> " + file + ":" + line + ":" + column));
    this.file = file;
    this.line = line;
    this.column = column;
    this.reason = reason;
  }

  public String file() {
    return file;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }

  @Override
  public String reason() {
    return reason;
  }
}

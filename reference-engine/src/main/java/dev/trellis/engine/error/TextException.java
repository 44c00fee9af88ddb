package dev.trellis.engine.error;

/**
 * Text (component/core WAT, WAST, WAVE values) that cannot be parsed. Carries the 1-based
 * line and column of the offending token and, when known, the file it came from.
 */
public final class TextException extends TrellisException {
  private final String file;
  private final int line;
  private final int column;
  private final String reason;

  public TextException(String file, int line, int column, String reason) {
    super((file == null ? "" : file + ":") + line + ":" + column + ": " + reason);
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

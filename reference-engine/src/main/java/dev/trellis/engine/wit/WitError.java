package dev.trellis.engine.wit;

/**
 * An error found while lexing, parsing or resolving WIT, located by a global span of a
 * {@link SourceMap} (start -1 when it has no location). {@link SourceMap#toException} turns
 * it into the public {@link dev.trellis.engine.error.WitException} with file, line and column.
 */
final class WitError extends RuntimeException {
  final int start;
  final int end;

  WitError(int start, int end, String message) {
    super(message, null, false, false);
    this.start = start;
    this.end = end;
  }

  WitError(String message) {
    this(-1, -1, message);
  }

  static WitError at(Ast.Span span, String message) {
    return span == null ? new WitError(message) : new WitError(span.start(), span.end(), message);
  }
}

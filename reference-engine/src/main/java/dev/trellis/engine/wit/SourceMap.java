package dev.trellis.engine.wit;

import dev.trellis.engine.error.WitException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The WIT files of one parse, laid end to end in one offset space so that a span (two
 * global offsets) names its file. Converts located {@link WitError}s into
 * {@link WitException}s with file, line and column.
 */
final class SourceMap {
  record Source(String path, String text, int base) {}

  private final List<Source> sources = new ArrayList<>();
  private int next;

  /** Adds a file; returns its base offset. */
  int push(String path, String text) {
    int base = next;
    sources.add(new Source(path, text, base));
    next = base + text.length() + 1;
    return base;
  }

  List<Source> sources() {
    return sources;
  }

  /** Sources sorted by path, the order in which the files of a package are read. */
  List<Source> sortedSources() {
    List<Source> out = new ArrayList<>(sources);
    out.sort(Comparator.comparing(Source::path));
    return out;
  }

  Source sourceAt(int offset) {
    for (Source s : sources) {
      if (offset >= s.base && offset <= s.base + s.text.length()) {
        return s;
      }
    }
    return null;
  }

  /** {@code file:line:col} of a global offset (1-based; columns count characters). */
  String location(int offset) {
    int[] lc = lineCol(offset);
    Source s = sourceAt(offset);
    return (s == null ? "?" : s.path) + ":" + lc[0] + ":" + lc[1];
  }

  int[] lineCol(int offset) {
    Source s = sourceAt(offset);
    if (s == null) {
      return new int[] {0, 0};
    }
    int rel = offset - s.base;
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < rel && i < s.text.length(); i++) {
      if (s.text.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    int col = s.text.codePointCount(lineStart, Math.min(rel, s.text.length())) + 1;
    return new int[] {line, col};
  }

  WitException toException(WitError e) {
    if (e.start < 0) {
      return new WitException(null, 0, 0, e.getMessage());
    }
    Source s = sourceAt(e.start);
    int[] lc = lineCol(e.start);
    return new WitException(s == null ? null : s.path, lc[0], lc[1], e.getMessage());
  }
}

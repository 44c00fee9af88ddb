package dev.trellis.engine.text;

import dev.trellis.engine.testing.Repo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every core module written in the shared suites: top-level {@code (module ...)} forms of
 * {@code .wast}/{@code .wat} files (including those inside {@code assert_*} commands) and the
 * {@code (core module ...)} definitions of components, at any nesting depth. wasm-tools'
 * printed snapshots ({@code .print}) are included too. Read at test time from {@code
 * TRELLIS_SUITES} or {@code <trellis.root>/../shared/testsuites}.
 */
final class CoreWatCorpus {
  private CoreWatCorpus() {}

  /**
   * One module form.
   *
   * @param where {@code relative/path:line}
   * @param form the form to assemble
   * @param text the same module as standalone WAT text, {@code (module ...)}, for wasm-tools
   */
  record Entry(String where, SExpr.SList form, String text) {}

  static List<Entry> load() {
    Path root = Repo.suites();
    List<Path> files;
    try (Stream<Path> s = Files.walk(root)) {
      files = s.filter(Files::isRegularFile)
          .filter(p -> {
            String n = p.getFileName().toString();
            return n.endsWith(".wast") || n.endsWith(".wat") || n.endsWith(".print");
          })
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Entry> out = new ArrayList<>();
    for (Path f : files) {
      String rel = root.relativize(f).toString().replace('\\', '/');
      String src;
      try {
        src = Files.readString(f, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      List<SExpr> forest;
      try {
        forest = Lexer.parse(src, rel);
      } catch (RuntimeException e) {
        continue; // a file the lexer rejects (e.g. a deliberately malformed one) holds no forms
      }
      for (SExpr e : forest) {
        walk(e, null, rel, src, out);
      }
    }
    return out;
  }

  /** The module forms of a test resource next to this class. */
  static List<Entry> resource(String name) {
    String src;
    try (var in = CoreWatCorpus.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      src = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Entry> out = new ArrayList<>();
    for (SExpr e : Lexer.parse(src, name)) {
      walk(e, null, name, src, out);
    }
    return out;
  }

  private static void walk(SExpr e, SExpr.SList parent, String rel, String src, List<Entry> out) {
    if (!(e instanceof SExpr.SList l) || l.annotation() != null) {
      return;
    }
    boolean topLevel = parent == null || (parent.head() != null && parent.head().startsWith("assert_"));
    if (l.is("module") && topLevel) {
      out.add(entry(l, 0, rel, src));
      return;
    }
    if (l.is("core") && l.size() > 1 && l.get(1) instanceof SExpr.Atom a && a.token().isKeyword("module")
        && parent != null && parent.is("component")) {
      out.add(entry(l, 1, rel, src));
      return;
    }
    if (l.is("component") || (l.head() != null && l.head().startsWith("assert_"))) {
      for (SExpr c : l.items()) {
        walk(c, l, rel, src, out);
      }
    }
  }

  private static Entry entry(SExpr.SList l, int moduleAtom, String rel, String src) {
    int from = l.get(moduleAtom).pos().offset() + "module".length();
    String text = "(module" + src.substring(from, l.end().offset() + 1);
    return new Entry(rel + ":" + l.pos().line(), l, text);
  }
}

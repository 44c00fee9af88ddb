package dev.trellis.engine.text;

import dev.trellis.engine.error.TextException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The core WebAssembly text format assembler: a {@code (module ...)} form (or the {@code (core
 * module ...)} form of a component, same body) to the bytes of a core module, in one pass over
 * the S-expression tree.
 *
 * <p>It covers the core text format of WebAssembly 3.0 (all module fields and abbreviations,
 * identifier resolution per index space incl. locals and labels, folded instructions) with the
 * multi-value, bulk memory, reference types, exception handling, tail calls, multi-memory,
 * memory64, custom-page-sizes, extended-const, typed function references, GC, SIMD and threads
 * instruction sets, plus {@code (module binary ...)}, {@code (module quote ...)} and the
 * {@code @custom}, {@code @producers}, {@code @dylink.0} and {@code @name} annotations. Its
 * encoding choices (implicit type order, element segment forms, data count section, minimal
 * LEBs, the {@code name} section built from identifiers) are those of wasm-tools, so the bytes
 * match {@code wasm-tools parse}.
 *
 * <p>Every error is a {@link TextException} with line:column.
 */
public final class CoreWat {
  private CoreWat() {}

  /**
   * Assembles a {@code (module $id? ...)} or {@code (core module $id? ...)} form, including the
   * {@code binary} and {@code quote} forms.
   *
   * @param moduleForm the form, as produced by {@link Lexer}
   * @param file the source file name for error messages (may be null)
   */
  public static byte[] assemble(SExpr.SList moduleForm, String file) {
    try {
      return assembleForm(moduleForm, file);
    } catch (TextException e) {
      throw e;
    } catch (RuntimeException | StackOverflowError e) {
      throw internal(file, moduleForm.pos(), e);
    }
  }

  /** A bug or pathological nesting must still surface as a located text error. */
  private static TextException internal(String file, Pos p, Throwable e) {
    String why = e instanceof StackOverflowError ? "nesting too deep" : "cannot assemble module: " + e;
    return new TextException(file, p.line(), p.column(), why);
  }

  /**
   * Assembles the module in {@code text}: either one {@code (module ...)} form or, as {@code
   * wasm-tools parse} accepts, a sequence of bare module fields.
   */
  public static byte[] assemble(String text, String file) {
    List<SExpr> forest;
    try {
      forest = Lexer.parse(text, file);
    } catch (StackOverflowError e) {
      throw internal(file, new Pos(1, 1, 0), e);
    }
    if (forest.size() == 1 && forest.get(0) instanceof SExpr.SList l && l.annotation() == null
        && (l.is("module") || l.is("core"))) {
      return assemble(l, file);
    }
    for (SExpr e : forest) {
      if (e instanceof SExpr.SList l && l.annotation() == null && l.is("module")) {
        throw SExpr.error(file, e, "expected a single module");
      }
    }
    Pos start = forest.isEmpty() ? new Pos(1, 1, 0) : forest.get(0).pos();
    SExpr.SList fields = new SExpr.SList(forest, null, start, start);
    try {
      return new CoreWatModule(file, null).assemble(fields, 0);
    } catch (TextException e) {
      throw e;
    } catch (RuntimeException | StackOverflowError e) {
      throw internal(file, start, e);
    }
  }

  private static byte[] assembleForm(SExpr.SList form, String file) {
    CoreWatCursor c = new CoreWatCursor(form, 0, file);
    if (form.annotation() != null) {
      throw c.error(form, "expected `(module ...)`");
    }
    c.takeKeyword("core");
    c.expectKeyword("module");
    c.takeKeyword("definition");
    Token id = c.optIdHere();
    String name = c.nameAnnotation();
    if (name == null && id != null) {
      name = id.idName();
    }
    if (c.takeKeyword("binary")) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      while (!c.atEnd()) {
        out.writeBytes(c.expectStringBytes("a string"));
      }
      return out.toByteArray();
    }
    if (c.takeKeyword("quote")) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      while (!c.atEnd()) {
        out.writeBytes(c.expectStringBytes("a string"));
        out.write(' ');
      }
      String src = out.toString(StandardCharsets.UTF_8);
      try {
        List<SExpr> forest = Lexer.parse(src, file);
        SExpr.SList fields = new SExpr.SList(forest, null, form.pos(), form.end());
        return new CoreWatModule(file, name).assemble(fields, 0);
      } catch (TextException e) {
        // Positions in the quoted text are relative to it: report the form, and them.
        Pos p = form.pos();
        throw new TextException(file, p.line(), p.column(),
            "in the quoted module text at " + e.line() + ":" + e.column() + ": " + e.reason());
      }
    }
    int start = c.position();
    if (start < form.size() && form.get(start) instanceof SExpr.SList l && "name".equals(l.annotation())) {
      start++; // the module's own (@name "...")
    }
    return new CoreWatModule(file, name).assemble(form, start);
  }
}

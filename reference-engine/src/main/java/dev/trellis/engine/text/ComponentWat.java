package dev.trellis.engine.text;

import dev.trellis.engine.binary.Component;
import dev.trellis.engine.binary.ComponentEncoder;
import dev.trellis.engine.error.TextException;
import dev.trellis.engine.error.TrellisException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The component text format (Explainer.md, as wasm-tools accepts it) to the binary AST and to
 * bytes. Core modules inside ({@code (core module ...)}) are assembled by {@link CoreWat}; core
 * types by {@link CoreWatTypes}; the bytes come from {@link ComponentEncoder}.
 *
 * <p>The output matches wasm-tools' encoding choices so that the bytes are comparable: inline
 * type definitions become type definitions right before their first user and are never
 * shared; inline export aliases ({@code (func $i "f")}) and references to enclosing scopes
 * become one alias each, right before the definition that makes them; inline exports of a
 * component's definitions ({@code (func (export "f") ...)}) are placed at the end of the
 * component; consecutive definitions of one kind share a section.
 *
 * <p>Offsets in the produced AST are character offsets into the source text (see
 * {@link Pos#offset()}), so a validation error can be mapped back to a line and column.
 * Every error is a {@link TextException} with line:column.
 */
public final class ComponentWat {
  private ComponentWat() {}

  /**
   * Parser options.
   *
   * @param strictIndices require the {@code core} keyword and nested references in canonical
   *     options, resource destructors and thread built-ins, as wasm-tools does by default; off,
   *     the legacy forms ({@code (memory $i "m")}, {@code (realloc (func ...))}) are accepted too
   *     (wasm-tools' {@code WAST_STRICT_COMPONENT_INDICES=0})
   */
  public record Options(boolean strictIndices) {
    public static final Options DEFAULT = new Options(true);
    public static final Options LENIENT = new Options(false);
  }

  /** Parses a {@code (component definition? $id? field*)} form to the binary AST. */
  public static Component parse(SExpr.SList form, String file, Options options) {
    Header h = header(form, file);
    if (h.binary != null || h.quote != null) {
      throw SExpr.error(file, form, "a `binary` or `quote` component has no text to parse; use assemble");
    }
    return guarded(form, file, () -> new ComponentWatParser(file, options).component(form, h.bodyStart, h.id, null, -1));
  }

  /** Assembles a {@code (component ...)} form (text, {@code binary} or {@code quote}) to bytes. */
  public static byte[] assemble(SExpr.SList form, String file, Options options) {
    Header h = header(form, file);
    if (h.binary != null) {
      return h.binary;
    }
    if (h.quote != null) {
      List<SExpr> forms = Lexer.parse("(component " + h.quote + "\n)", file == null ? "(quote)" : file + " (quote)");
      return assemble((SExpr.SList) forms.get(0), file, options);
    }
    Component c = guarded(form, file, () -> new ComponentWatParser(file, options).component(form, h.bodyStart, h.id, null, -1));
    return guarded(form, file, () -> ComponentEncoder.encode(c));
  }

  /**
   * Assembles a module form of a WAST script: a text form through this parser (or
   * {@link CoreWat} for a core module), a quote form by parsing its text, a binary form as is.
   */
  public static byte[] assemble(WastModule module, String file, Options options) {
    return switch (module) {
      case WastModule.Binary b -> b.bytes().toArray();
      case WastModule.Text t -> t.component()
          ? assemble(t.form(), file, options)
          : assembleCoreModule(t.form(), file);
      case WastModule.Quote q -> {
        String where = (file == null ? "" : file + ":") + q.pos().line() + ":" + q.pos().column() + " (quote)";
        List<SExpr> forms = Lexer.parse((q.component() ? "(component " : "(module ") + q.source() + "\n)", where);
        yield q.component()
            ? assemble((SExpr.SList) forms.get(0), where, options)
            : assembleCoreModule((SExpr.SList) forms.get(0), where);
      }
    };
  }

  /**
   * Assembles a text file holding one {@code (component ...)} or {@code (module ...)} form (or
   * the fields of a core module without the {@code (module ...)} around them).
   */
  public static byte[] assemble(String source, String file, Options options) {
    List<SExpr> forms = Lexer.parse(source, file);
    if (forms.isEmpty()) {
      throw new TextException(file, 1, 1, "expected `(component ...)` or `(module ...)`, found nothing");
    }
    if (forms.size() == 1 && forms.get(0) instanceof SExpr.SList l && l.is("component")) {
      return assemble(l, file, options);
    }
    if (forms.size() == 1 && forms.get(0) instanceof SExpr.SList l && l.is("module")) {
      return assembleCoreModule(l, file);
    }
    for (int k = 0; k < forms.size(); k++) {
      if (forms.get(k) instanceof SExpr.SList l && (l.is("component") || l.is("module"))) {
        throw SExpr.error(file, forms.get(k == 0 ? 1 : k),
            "unexpected token: a file holds one `(component ...)` or `(module ...)`");
      }
    }
    List<SExpr> items = new ArrayList<>();
    items.add(new SExpr.Atom(new Token(Token.Kind.KEYWORD, "module", null, forms.get(0).pos())));
    items.addAll(forms);
    return assembleCoreModule(new SExpr.SList(items, null, forms.get(0).pos(), forms.get(forms.size() - 1).pos()), file);
  }

  /**
   * A core module body written {@code binary "..."*} or {@code quote "..."*} at the cursor:
   * its bytes, or the quoted text assembled; null for a body of text fields.
   */
  static byte[] binaryOrQuoteModule(ComponentWatCursor c, String file) {
    if (c.takeKeyword("binary")) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      while (!c.atEnd()) {
        b.writeBytes(c.bytes("a binary string"));
      }
      return b.toByteArray();
    }
    if (c.takeKeyword("quote")) {
      StringBuilder sb = new StringBuilder("(module ");
      while (!c.atEnd()) {
        sb.append(new String(c.bytes("a quoted string"), StandardCharsets.UTF_8)).append(' ');
      }
      List<SExpr> forms = Lexer.parse(sb.append("\n)").toString(), file == null ? "(quote)" : file + " (quote)");
      return assembleCoreModule((SExpr.SList) forms.get(0), file);
    }
    return null;
  }

  /** Assembles a core {@code (module $id? ...)} form (text, {@code binary} or {@code quote}). */
  static byte[] assembleCoreModule(SExpr.SList form, String file) {
    ComponentWatCursor c = new ComponentWatCursor(form, file, 1);
    c.takeKeyword("definition");
    c.optId();
    c.takeKeyword("definition");
    byte[] bytes = binaryOrQuoteModule(c, file);
    if (bytes != null) {
      return bytes;
    }
    if (c.i > 1) {
      // CoreWat reads `(module $id? field*)`: drop the WAST-only `definition` keyword
      List<SExpr> items = new ArrayList<>();
      items.add(form.get(0));
      for (int k = 1; k < form.size(); k++) {
        if (!(form.get(k) instanceof SExpr.Atom a && a.token().isKeyword("definition"))) {
          items.add(form.get(k));
        }
      }
      form = new SExpr.SList(items, null, form.pos(), form.end());
    }
    SExpr.SList f = form;
    return guarded(form, file, () -> CoreWat.assemble(f, file));
  }

  private record Header(Token id, int bodyStart, byte[] binary, String quote) {}

  private static Header header(SExpr.SList form, String file) {
    if (!form.is("component")) {
      throw SExpr.error(file, form, "expected `(component ...)`");
    }
    ComponentWatCursor c = new ComponentWatCursor(form, file, 1);
    c.takeKeyword("definition");
    Token id = c.optId();
    c.takeKeyword("definition");
    if (c.takeKeyword("binary")) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      while (!c.atEnd()) {
        b.writeBytes(c.bytes("a binary string"));
      }
      return new Header(id, c.i, b.toByteArray(), null);
    }
    if (c.takeKeyword("quote")) {
      StringBuilder sb = new StringBuilder();
      while (!c.atEnd()) {
        sb.append(new String(c.bytes("a quoted string"), StandardCharsets.UTF_8)).append(' ');
      }
      return new Header(id, c.i, null, sb.toString());
    }
    return new Header(id, c.i, null, null);
  }

  private interface Step<T> {
    T run();
  }

  /**
   * Runs a step, turning anything but a {@link TrellisException} into a {@link TextException}
   * at the form: bad input must never escape as an unchecked JVM error.
   */
  private static <T> T guarded(SExpr.SList form, String file, Step<T> step) {
    try {
      return step.run();
    } catch (TrellisException e) {
      throw e;
    } catch (StackOverflowError e) {
      throw SExpr.error(file, form, "nesting too deep");
    } catch (RuntimeException e) {
      throw SExpr.error(file, form, "cannot assemble this form: " + e);
    }
  }
}

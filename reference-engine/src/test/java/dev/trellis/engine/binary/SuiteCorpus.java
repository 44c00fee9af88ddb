package dev.trellis.engine.binary;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.engine.error.TrellisException;
import dev.trellis.engine.testing.Repo;
import dev.trellis.engine.text.ComponentWat;
import dev.trellis.engine.text.Lexer;
import dev.trellis.engine.text.SExpr;
import dev.trellis.engine.text.Token;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The component forms of the shared suites ({@code $TRELLIS_SUITES/**}{@code /*.wast}), read at
 * test time: {@code (component binary ...)} forms as their bytes, text {@code (component ...)}
 * forms as their source. Text forms are turned into binaries by the project's own parser
 * ({@link ComponentWat}); wasm-tools' parser and printer (through jco, one node process, cached
 * under {@code target/}) serve the checks that our printed text is wasm-tools' syntax.
 */
public final class SuiteCorpus {
  private SuiteCorpus() {}

  public enum Kind { BINARY, TEXT }

  /**
   * One component form. {@code directive} is the enclosing assertion ({@code assert_invalid},
   * {@code assert_malformed}, ...) or {@code "module"} at top level; {@code message} the
   * assertion's expected message, if any.
   */
  public record Form(String file, int line, String directive, Kind kind, byte[] bytes, String text, String message,
      SExpr.SList sexpr) {
    public String where() {
      return file + ":" + line;
    }

    @Override
    public String toString() {
      return where() + (directive.equals("module") ? "" : " (" + directive + ")");
    }
  }

  private static List<Form> forms;

  /** Every component form of every {@code .wast} file under the suites, in file order. */
  public static synchronized List<Form> forms() {
    if (forms == null) {
      Path root = Repo.suites();
      List<Form> out = new ArrayList<>();
      try (Stream<Path> files = Files.walk(root)) {
        for (Path p : files.filter(f -> f.toString().endsWith(".wast") && Files.isRegularFile(f)).sorted().toList()) {
          scan(root, p, out);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      forms = List.copyOf(out);
    }
    return forms;
  }

  /** The binary forms written in the suites. */
  public static List<Form> binaryForms() {
    return forms().stream().filter(f -> f.kind() == Kind.BINARY).toList();
  }

  private static void scan(Path root, Path file, List<Form> out) {
    String src;
    try {
      src = Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String name = root.relativize(file).toString();
    for (SExpr e : Lexer.parse(src, name)) {
      visit(e, "module", null, name, src, out);
    }
  }

  private static void visit(SExpr e, String directive, String message, String file, String src, List<Form> out) {
    if (!(e instanceof SExpr.SList l) || l.isEmpty()) {
      return;
    }
    String head = l.head();
    if (head == null) {
      return;
    }
    if (head.equals("component")) {
      component(l, directive, message, file, src, out);
    } else if (head.startsWith("assert_")) {
      String msg = l.size() > 1 && l.get(l.size() - 1) instanceof SExpr.Atom a
          && a.token().kind() == Token.Kind.STRING ? a.token().string() : null;
      for (int i = 1; i < l.size(); i++) {
        visit(l.get(i), head, msg, file, src, out);
      }
    }
  }

  private static void component(SExpr.SList l, String directive, String message, String file, String src, List<Form> out) {
    int i = 1;
    int definitionAt = -1;
    if (i < l.size() && isKeyword(l.get(i), "definition")) {
      definitionAt = i;
      i++;
    }
    if (i < l.size() && isKeyword(l.get(i), "instance")) {
      return; // the WAST directive (component instance $i $def), not a component
    }
    if (i < l.size() && l.get(i) instanceof SExpr.Atom a && a.token().kind() == Token.Kind.ID) {
      i++;
    }
    if (i < l.size() && isKeyword(l.get(i), "instance")) {
      return;
    }
    int line = l.pos().line();
    if (i < l.size() && isKeyword(l.get(i), "binary")) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      for (int k = i + 1; k < l.size(); k++) {
        if (l.get(k) instanceof SExpr.Atom a && a.token().kind() == Token.Kind.STRING) {
          bytes.writeBytes(a.token().bytes());
        }
      }
      out.add(new Form(file, line, directive, Kind.BINARY, bytes.toByteArray(), null, message, l));
      return;
    }
    if (i < l.size() && isKeyword(l.get(i), "quote")) {
      return;
    }
    StringBuilder text = new StringBuilder(src.substring(l.pos().offset(), l.end().offset() + 1));
    if (definitionAt >= 0) {
      SExpr.Atom d = (SExpr.Atom) l.get(definitionAt);
      int at = d.pos().offset() - l.pos().offset();
      text.replace(at, at + "definition".length(), " ".repeat("definition".length()));
    }
    out.add(new Form(file, line, directive, Kind.TEXT, null, text.toString(), message, l));
  }

  private static boolean isKeyword(SExpr e, String kw) {
    return e instanceof SExpr.Atom a && a.token().isKeyword(kw);
  }

  // ---------------------------------------------------------------- our parser

  private static List<Form> ownBinaries;
  private static List<Form> ownRejected;

  /**
   * The text forms outside {@code assert_malformed}, assembled by the project's component text
   * parser ({@link ComponentWat}). Forms it rejects are left out ({@link #ownRejected()}: some
   * {@code assert_invalid} forms fail at parse time, which is allowed).
   */
  public static synchronized List<Form> ownBinaries() {
    if (ownBinaries == null) {
      List<Form> ok = new ArrayList<>();
      List<Form> rejected = new ArrayList<>();
      for (Form f : forms()) {
        if (f.kind() != Kind.TEXT || f.directive().equals("assert_malformed")) {
          continue;
        }
        try {
          byte[] b = ComponentWat.assemble(f.sexpr(), f.file(), ComponentWat.Options.DEFAULT);
          ok.add(new Form(f.file(), f.line(), f.directive(), Kind.BINARY, b, f.text(), f.message(), f.sexpr()));
        } catch (TrellisException e) {
          rejected.add(f);
        }
      }
      ownBinaries = List.copyOf(ok);
      ownRejected = List.copyOf(rejected);
    }
    return ownBinaries;
  }

  /** The text forms {@link #ownBinaries()} left out because the parser rejected them. */
  public static synchronized List<Form> ownRejected() {
    ownBinaries();
    return ownRejected;
  }

  // ---------------------------------------------------------------- jco

  /**
   * Runs wasm-tools (through jco, one node process) over {@code inputs}: mode {@code parse}
   * takes WAT texts and answers {@code {"hex": ...}}, mode {@code print} takes hex binaries and
   * answers {@code {"text": ...}}; failures answer {@code {"error": ...}}. Cached under
   * {@code target/jco-corpus} by the hash of the request.
   */
  public static List<JsonNode> jco(String mode, List<String> inputs) {
    ObjectMapper json = new ObjectMapper();
    try {
      byte[] in = json.writeValueAsBytes(inputs);
      Path cacheDir = Path.of("target", "jco-corpus").toAbsolutePath();
      Files.createDirectories(cacheDir);
      Path cached = cacheDir.resolve(mode + "-" + sha256(in) + ".json");
      if (!Files.exists(cached)) {
        Path input = cacheDir.resolve(mode + "-in.json");
        Files.write(input, in);
        Path script = cacheDir.resolve("jco-batch.mjs");
        try (InputStream s = SuiteCorpus.class.getResourceAsStream("jco-batch.mjs")) {
          Files.write(script, s.readAllBytes());
        }
        Path api = Repo.jco().resolve("dist/api.js");
        assertThat(api).as("jco (cd node && npm ci)").exists();
        Path tmp = cacheDir.resolve(mode + "-out.json.tmp");
        Process p = new ProcessBuilder("node", script.toString(), api.toString(), mode, input.toString(), tmp.toString())
            .redirectErrorStream(true)
            .start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("jco batch finished").isTrue();
        assertThat(p.exitValue()).as("jco batch exit code; output:\n" + log).isZero();
        Files.move(tmp, cached, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      JsonNode results = json.readTree(cached.toFile());
      assertThat(results.size()).isEqualTo(inputs.size());
      List<JsonNode> out = new ArrayList<>(inputs.size());
      results.forEach(out::add);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b)).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

package dev.trellis.engine.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The component forms of the validation suites, read at test time, each with the feature
 * profile its file's {@code ;; RUN:} line names and what the file expects (valid, invalid,
 * malformed). Text forms become binaries through wasm-tools' parser (jco), in one node
 * process, cached under {@code target/}; forms the parser rejects are text-level errors and
 * belong to the text parser's tests, so they are reported separately.
 */
final class SuiteForms {
  private SuiteForms() {}

  /** {@code expect}: "valid", "invalid" or "malformed". {@code bytes} null when the text did not parse. */
  record Form(String file, int line, String expect, Features features, byte[] bytes, String text, String message,
      String parseError) {
    String where() {
      return file + ":" + line;
    }

    @Override
    public String toString() {
      return where() + " (" + expect + ")";
    }
  }

  static Path suitesRoot() {
    String env = System.getenv("TRELLIS_SUITES");
    Path root = env != null && !env.isBlank() ? Path.of(env)
        : Path.of(System.getProperty("trellis.root", "..")).resolve("../shared/testsuites").normalize();
    assertThat(root).as("conformance suites (set TRELLIS_SUITES)").isDirectory();
    return root;
  }

  static Path repoRoot() {
    return Path.of(System.getProperty("trellis.root", "..")).toAbsolutePath().normalize();
  }

  private record Raw(String file, int line, String expect, Features features, byte[] bytes, String text, String message) {}

  /** Every component form of every {@code .wast} under {@code dirs} (relative to the suites root). */
  static List<Form> load(List<String> dirs) {
    Path root = suitesRoot();
    List<Raw> raw = new ArrayList<>();
    for (String d : dirs) {
      Path dir = root.resolve(d);
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.filter(f -> (f.toString().endsWith(".wast") || f.toString().endsWith(".wat"))
            && Files.isRegularFile(f)).sorted().toList()) {
          String src = Files.readString(p);
          if (p.toString().endsWith(".wat") && !src.lines().anyMatch(l -> l.startsWith(";; RUN: wast"))) {
            continue; // a .wat that is not a script: a text-parser test
          }
          Features features = Features.forSuiteFile(root.relativize(p).toString(), src);
          String name = root.relativize(p).toString();
          for (SExpr e : Lexer.parse(src, name)) {
            visit(e, "valid", null, name, src, features, raw);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    List<Raw> texts = raw.stream().filter(r -> r.bytes() == null).toList();
    List<JsonNode> parsed = jco(texts.stream().map(Raw::text).toList());
    List<Form> out = new ArrayList<>();
    int k = 0;
    for (Raw r : raw) {
      if (r.bytes() != null) {
        out.add(new Form(r.file(), r.line(), r.expect(), r.features(), r.bytes(), null, r.message(), null));
      } else {
        JsonNode n = parsed.get(k++);
        byte[] b = n.has("hex") ? HexFormat.of().parseHex(n.get("hex").asText()) : null;
        out.add(new Form(r.file(), r.line(), r.expect(), r.features(), b, r.text(), r.message(),
            n.has("error") ? n.get("error").asText() : null));
      }
    }
    return out;
  }

  private static void visit(SExpr e, String expect, String message, String file, String src, Features f, List<Raw> out) {
    if (!(e instanceof SExpr.SList l) || l.isEmpty() || l.head() == null) {
      return;
    }
    String head = l.head();
    if (head.equals("component")) {
      component(l, expect, message, file, src, f, out);
    } else if (head.equals("assert_invalid") || head.equals("assert_malformed")) {
      String msg = l.size() > 1 && l.get(l.size() - 1) instanceof SExpr.Atom a
          && a.token().kind() == Token.Kind.STRING ? a.token().string() : null;
      String ex = head.equals("assert_invalid") ? "invalid" : "malformed";
      for (int i = 1; i < l.size(); i++) {
        visit(l.get(i), ex, msg, file, src, f, out);
      }
    }
  }

  private static boolean isKeyword(SExpr e, String kw) {
    return e instanceof SExpr.Atom a && a.token().isKeyword(kw);
  }

  private static void component(SExpr.SList l, String expect, String message, String file, String src, Features f,
      List<Raw> out) {
    int i = 1;
    int definitionAt = -1;
    if (i < l.size() && isKeyword(l.get(i), "definition")) {
      definitionAt = i;
      i++;
    }
    if (i < l.size() && isKeyword(l.get(i), "instance")) {
      return;
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
      out.add(new Raw(file, line, expect, f, bytes.toByteArray(), null, message));
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
    out.add(new Raw(file, line, expect, f, null, text.toString(), message));
  }

  private static List<JsonNode> jco(List<String> texts) {
    ObjectMapper json = new ObjectMapper();
    try {
      byte[] in = json.writeValueAsBytes(texts);
      Path cacheDir = Path.of("target", "validate-corpus").toAbsolutePath();
      Files.createDirectories(cacheDir);
      String key = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(in)).substring(0, 16);
      Path cached = cacheDir.resolve(key + ".json");
      if (!Files.exists(cached)) {
        Path input = cacheDir.resolve("in.json");
        Files.write(input, in);
        Path script = cacheDir.resolve("jco-parse-batch.mjs");
        try (InputStream s = SuiteForms.class.getResourceAsStream("jco-parse-batch.mjs")) {
          Files.write(script, s.readAllBytes());
        }
        Path api = repoRoot().resolve("node/node_modules/@bytecodealliance/jco/dist/api.js");
        assertThat(api).as("jco (cd node && npm ci)").exists();
        Path tmp = cacheDir.resolve("out.json.tmp");
        Process p = new ProcessBuilder("node", script.toString(), api.toString(), input.toString(), tmp.toString())
            .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("jco batch finished").isTrue();
        assertThat(p.exitValue()).as("jco batch exit code; output:\n" + log).isZero();
        Files.move(tmp, cached);
      }
      JsonNode results = json.readTree(cached.toFile());
      assertThat(results.size()).isEqualTo(texts.size());
      List<JsonNode> out = new ArrayList<>();
      results.forEach(out::add);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

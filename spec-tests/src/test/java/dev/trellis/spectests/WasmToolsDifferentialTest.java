package dev.trellis.spectests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.engine.error.TrellisException;
import dev.trellis.engine.text.ComponentWat;
import dev.trellis.engine.text.SExpr;
import dev.trellis.engine.text.Token;
import dev.trellis.engine.text.Wast;
import dev.trellis.engine.text.WastDirective;
import dev.trellis.engine.text.WastModule;
import dev.trellis.engine.text.WastRunLine;
import dev.trellis.engine.text.WastScript;
import dev.trellis.harness.Suites;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Our component text assembler against wasm-tools' own (as {@code jco parse} ships it): every
 * component text form of the shared scripts (except {@code assert_malformed} ones) is
 * assembled by both; where both accept it, the bytes must be equal once custom sections (the
 * name sections) are stripped, on at least 98% of the forms, and every form that differs must
 * be listed with its reason in {@code spec-tests/expectations/differential.txt} (a listed form
 * that no longer differs fails the test). A form wasm-tools accepts and we reject fails too.
 *
 * <p>wasm-tools runs in one Node process for all forms; its answers are cached under
 * {@code target/wasm-tools-oracle/}, keyed by jco's version and the form's text.
 */
class WasmToolsDifferentialTest {

  record Form(String id, String text, String oursError, byte[] ours) {}

  record Oracle(boolean ok, byte[] bytes, String error) {}

  @Test
  void bytesMatchWasmTools() throws Exception {
    List<Form> forms = forms();
    assertThat(forms).as("component text forms").hasSizeGreaterThan(1000);
    Map<String, Oracle> theirs = oracle(forms);

    Map<String, String> listed = listedDifferences();
    List<String> differ = new ArrayList<>();
    List<String> weReject = new ArrayList<>();
    int both = 0;
    int same = 0;
    int onlyUs = 0;
    int neither = 0;
    for (Form f : forms) {
      Oracle o = theirs.get(f.text());
      if (f.ours() != null && o.ok()) {
        both++;
        if (java.util.Arrays.equals(stripCustom(f.ours()), stripCustom(o.bytes()))) {
          same++;
        } else {
          differ.add(f.id());
        }
      } else if (f.ours() != null) {
        onlyUs++;
      } else if (o.ok()) {
        weReject.add(f.id() + ": " + f.oursError());
      } else {
        neither++;
      }
    }
    double rate = both == 0 ? 0 : (double) same / both;
    System.out.printf("component WAT differential: %d forms; both accept %d; identical %d (%.2f%%); differ %d;"
        + " only we accept %d; only wasm-tools accepts %d; both reject %d%n",
        forms.size(), both, same, 100 * rate, differ.size(), onlyUs, weReject.size(), neither);

    assertThat(weReject).as("forms wasm-tools assembles and we reject").isEmpty();
    assertThat(rate).as("share of forms both accept whose bytes are identical").isGreaterThanOrEqualTo(0.98);
    assertThat(differ).as("forms whose bytes differ but are not listed in differential.txt")
        .isSubsetOf(listed.keySet());
    assertThat(listed.keySet()).as("forms listed in differential.txt that no longer differ (remove them)")
        .isSubsetOf(differ);
  }

  /** Every component text form of the shared scripts, with what we make of it. */
  static List<Form> forms() throws IOException {
    List<Form> out = new ArrayList<>();
    Path root = Suites.root();
    for (Path script : SpecSuiteTest.sharedScripts()) {
      String src = Files.readString(script);
      String rel = root.relativize(script.toAbsolutePath().normalize()).toString().replace('\\', '/');
      WastScript s = Wast.parse(src, rel);
      List<WastRunLine> runs = s.wastRuns();
      ComponentWat.Options o = new ComponentWat.Options(runs.isEmpty() || runs.get(0).strictIndices());
      for (WastDirective d : s.directives()) {
        WastModule m = switch (d) {
          case WastDirective.Module x -> x.module();
          case WastDirective.AssertInvalid x -> x.module();
          case WastDirective.AssertTrap x -> x.module();
          case WastDirective.AssertUnlinkable x -> x.module();
          default -> null;
        };
        if (!(m instanceof WastModule.Text t) || !t.component()) {
          continue;
        }
        byte[] ours = null;
        String error = null;
        try {
          ours = ComponentWat.assemble(t, rel, o);
        } catch (TrellisException e) {
          error = e.getMessage();
        }
        out.add(new Form(rel + ":" + d.line(), plainText(src, t.form()), error, ours));
      }
    }
    return out;
  }

  /** The form as plain component text: {@code (component $id? field*)}, without WAST's {@code definition}. */
  static String plainText(String src, SExpr.SList form) {
    StringBuilder sb = new StringBuilder("(component ");
    int k = 1;
    while (k < form.size() && form.get(k) instanceof SExpr.Atom a
        && (a.token().isKeyword("definition") || a.token().kind() == Token.Kind.ID)) {
      if (a.token().kind() == Token.Kind.ID) {
        sb.append(a.token().text()).append(' ');
      }
      k++;
    }
    if (k < form.size()) {
      sb.append(src, form.get(k).pos().offset(), form.end().offset());
    }
    return sb.append(')').toString();
  }

  // ---------------------------------------------------------------- the oracle

  /** wasm-tools' answer for each distinct form text, from the cache or a Node batch. */
  static Map<String, Oracle> oracle(List<Form> forms) throws Exception {
    Path repo = Suites.repoRoot();
    Path jco = repo.resolve("node/node_modules/@bytecodealliance/jco");
    assertThat(jco.resolve("dist/api.js")).as("jco (cd node && npm ci)").exists();
    String version = new ObjectMapper().readTree(jco.resolve("package.json").toFile()).get("version").asText();
    Path cacheFile = repo.resolve("spec-tests/target/wasm-tools-oracle/jco-" + version + ".jsonl");
    ObjectMapper json = new ObjectMapper();
    Map<String, Oracle> cache = new TreeMap<>();
    if (Files.exists(cacheFile)) {
      for (String line : Files.readAllLines(cacheFile)) {
        if (!line.isBlank()) {
          JsonNode n = json.readTree(line);
          cache.put(n.get("id").asText(), toOracle(n));
        }
      }
    }
    Map<String, String> missing = new LinkedHashMap<>(); // hash -> text
    for (Form f : forms) {
      String h = sha256(f.text());
      if (!cache.containsKey(h)) {
        missing.put(h, f.text());
      }
    }
    if (!missing.isEmpty()) {
      Map<String, JsonNode> answers = runNode(repo, jco, missing);
      Files.createDirectories(cacheFile.getParent());
      StringBuilder append = new StringBuilder();
      for (Map.Entry<String, JsonNode> a : answers.entrySet()) {
        cache.put(a.getKey(), toOracle(a.getValue()));
        append.append(json.writeValueAsString(a.getValue())).append('\n');
      }
      Files.writeString(cacheFile, append, StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }
    Map<String, Oracle> byText = new LinkedHashMap<>();
    for (Form f : forms) {
      Oracle o = cache.get(sha256(f.text()));
      assertThat(o).as("wasm-tools' answer for %s", f.id()).isNotNull();
      byText.put(f.text(), o);
    }
    return byText;
  }

  private static Oracle toOracle(JsonNode n) {
    return n.get("ok").asBoolean()
        ? new Oracle(true, HexFormat.of().parseHex(n.get("hex").asText()), null)
        : new Oracle(false, null, n.get("error").asText());
  }

  private static Map<String, JsonNode> runNode(Path repo, Path jco, Map<String, String> forms) throws Exception {
    Path script = repo.resolve("spec-tests/src/test/node/wasm-tools-parse.mjs");
    Process p = new ProcessBuilder("node", script.toString(), jco.resolve("dist/api.js").toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    ObjectMapper json = new ObjectMapper();
    Thread writer = new Thread(() -> {
      try (OutputStream os = p.getOutputStream()) {
        for (Map.Entry<String, String> e : forms.entrySet()) {
          ObjectNode n = json.createObjectNode();
          n.put("id", e.getKey());
          n.put("text", e.getValue());
          os.write((json.writeValueAsString(n) + "\n").getBytes(StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        // the reader reports the missing answers
      }
    });
    writer.start();
    Map<String, JsonNode> out = new LinkedHashMap<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        JsonNode n = json.readTree(line);
        out.put(n.get("id").asText(), n);
      }
    }
    writer.join();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("node finishes").isTrue();
    assertThat(p.exitValue()).as("node's exit code").isZero();
    assertThat(out.keySet()).as("answers from wasm-tools").containsAll(forms.keySet());
    return out;
  }

  static String sha256(String text) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  // ---------------------------------------------------------------- comparison

  /** {@code spec-tests/expectations/differential.txt}: {@code <file:line>  <reason>}. */
  static Map<String, String> listedDifferences() throws IOException {
    Path f = Suites.repoRoot().resolve("spec-tests/expectations/differential.txt");
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : Files.readAllLines(f)) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      String[] parts = l.split("\\s+", 2);
      assertThat(parts).as("`<file:line> <reason>` in %s: %s", f, l).hasSize(2);
      assertThat(out.put(parts[0], parts[1])).as("listed twice: %s", parts[0]).isNull();
    }
    return out;
  }

  /**
   * The binary without custom sections, at every level: the component's, its nested
   * components' and its core modules'.
   */
  static byte[] stripCustom(byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(b, 0, Math.min(8, b.length));
    boolean component = b.length >= 8 && b[4] == 0x0d && b[6] == 1;
    int i = 8;
    while (i < b.length) {
      int id = b[i++] & 0xff;
      long size = 0;
      int shift = 0;
      int x;
      do {
        x = b[i++] & 0xff;
        size |= (long) (x & 0x7f) << shift;
        shift += 7;
      } while ((x & 0x80) != 0);
      byte[] body = java.util.Arrays.copyOfRange(b, i, i + (int) size);
      i += (int) size;
      if (id == 0) {
        continue;
      }
      if (component && (id == 1 || id == 4)) {
        body = stripCustom(body);
      }
      out.write(id);
      long n = body.length;
      do {
        int v = (int) (n & 0x7f);
        n >>>= 7;
        out.write(n != 0 ? v | 0x80 : v);
      } while (n != 0);
      out.writeBytes(body);
    }
    return out.toByteArray();
  }
}

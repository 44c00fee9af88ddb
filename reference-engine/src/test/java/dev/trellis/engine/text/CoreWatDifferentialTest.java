package dev.trellis.engine.text;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.wasm.Parser;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.engine.error.TextException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Differential test of the core WAT assembler against wasm-tools' own parser (run through jco,
 * {@code node/node_modules/@bytecodealliance/jco}): every core module of the suites is assembled
 * by both, and the bytes must be identical after stripping custom sections. wasm-tools' outputs
 * are cached under {@code target/corewat-jco-cache} (never committed). The custom sections
 * (the {@code name} section, annotations) are compared too. Every module that is not
 * identical — or that Chicory's parser cannot read — must be listed with its reason in {@code
 * corewat-differential.expect}; a listed module that starts to match fails the test so the list
 * stays true.
 */
class CoreWatDifferentialTest {
  private static final String EXPECT = "corewat-differential.expect";

  enum Kind { IDENTICAL, DIFFERS, WE_REJECT, WE_ACCEPT, BOTH_REJECT }

  record Result(CoreWatCorpus.Entry entry, Kind kind, String detail, byte[] ours, boolean sameCustom) {}

  @Test
  void matchesWasmToolsOnEverySuiteModule() throws Exception {
    List<CoreWatCorpus.Entry> corpus = new ArrayList<>(CoreWatCorpus.load());
    assertThat(corpus).as("core modules in the suites").hasSizeGreaterThan(1000);
    List<CoreWatCorpus.Entry> features = CoreWatCorpus.resource("corewat-features.wast");
    assertThat(features).hasSizeGreaterThan(10);
    corpus.addAll(features);
    Map<String, CoreWatJco.Output> jco = CoreWatJco.parseAll(corpus.stream().map(CoreWatCorpus.Entry::text).toList());

    List<Result> results = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (CoreWatCorpus.Entry e : corpus) {
      byte[] theirs = jco.get(e.text()).wasm();
      String theirError = jco.get(e.text()).error();
      byte[] ours = null;
      String ourError = null;
      try {
        ours = CoreWat.assemble(e.form(), e.where());
      } catch (TextException ex) {
        ourError = ex.getMessage();
      }
      int n = seen.merge(e.where(), 1, Integer::sum);
      CoreWatCorpus.Entry named = n == 1 ? e : new CoreWatCorpus.Entry(e.where() + "#" + n, e.form(), e.text());
      Kind kind;
      String detail = "";
      boolean sameCustom = false;
      if (ours != null && theirs != null) {
        sameCustom = Arrays.equals(ours, theirs);
        byte[] a = stripCustom(ours);
        byte[] b = stripCustom(theirs);
        kind = Arrays.equals(a, b) ? Kind.IDENTICAL : Kind.DIFFERS;
        if (kind == Kind.DIFFERS) {
          detail = firstDifference(a, b);
        }
      } else if (theirs != null) {
        kind = Kind.WE_REJECT;
        detail = ourError;
      } else if (ours != null) {
        kind = Kind.WE_ACCEPT;
        detail = firstLine(theirError);
      } else {
        kind = Kind.BOTH_REJECT;
      }
      results.add(new Result(named, kind, detail, ours, sameCustom));
    }

    Map<String, String[]> expected = loadExpectations();
    List<String> problems = new ArrayList<>();
    Map<Kind, Integer> counts = new TreeMap<>();
    StringBuilder report = new StringBuilder();
    int chicoryChecked = 0;
    int withCustom = 0;
    for (Result r : results) {
      if (r.sameCustom()) {
        withCustom++;
      }
      counts.merge(r.kind(), 1, Integer::sum);
      String where = r.entry().where();
      String[] exp = expected.remove(where);
      String actual = switch (r.kind()) {
        case DIFFERS -> "differs";
        case WE_REJECT -> "we-reject";
        case WE_ACCEPT -> "we-accept";
        default -> null;
      };
      if (actual == null && r.ours() != null && r.kind() == Kind.IDENTICAL) {
        chicoryChecked++;
        try {
          Parser.parse(r.ours());
        } catch (RuntimeException ex) {
          actual = "chicory";
          r = new Result(r.entry(), r.kind(), "Chicory: " + ex.getMessage(), r.ours(), r.sameCustom());
        }
      }
      if (actual == null && r.kind() == Kind.IDENTICAL && !r.sameCustom()) {
        actual = "custom-differs";
      }
      if (actual != null) {
        report.append(where).append('\t').append(actual).append('\t').append(r.detail()).append('\n');
      }
      if (actual == null && exp != null) {
        problems.add(where + ": listed as `" + exp[0] + "` but now matches wasm-tools; remove it from " + EXPECT);
      } else if (actual != null && exp == null) {
        problems.add(where + ": " + actual + " (not listed in " + EXPECT + "): " + r.detail());
      } else if (actual != null && !actual.equals(exp[0])) {
        problems.add(where + ": listed as `" + exp[0] + "` but is `" + actual + "`: " + r.detail());
      }
    }
    for (String stale : expected.keySet()) {
      problems.add(stale + ": listed in " + EXPECT + " but no such module form in the suites");
    }

    int identical = counts.getOrDefault(Kind.IDENTICAL, 0);
    int bothAccept = identical + counts.getOrDefault(Kind.DIFFERS, 0);
    String summary = String.format(
        "core WAT differential: %d module forms; wasm-tools accepts %d; identical %d (%.2f%% of both-accepted);"
            + " differ %d; we reject %d; we accept %d; both reject %d; identical modules checked with Chicory %d;"
            + " identical including custom sections (name section) %d",
        results.size(), bothAccept + counts.getOrDefault(Kind.WE_REJECT, 0), identical,
        bothAccept == 0 ? 0.0 : 100.0 * identical / bothAccept, counts.getOrDefault(Kind.DIFFERS, 0),
        counts.getOrDefault(Kind.WE_REJECT, 0), counts.getOrDefault(Kind.WE_ACCEPT, 0),
        counts.getOrDefault(Kind.BOTH_REJECT, 0), chicoryChecked, withCustom);
    System.out.println(summary);
    Files.writeString(Path.of("target", "corewat-differential.txt"), summary + "\n" + report);

    assertThat(problems).as("differences not accounted for in " + EXPECT).isEmpty();
    assertThat((double) identical / bothAccept).as(summary).isGreaterThanOrEqualTo(0.98);
  }

  /** The module without custom sections (the {@code name} section, annotations' sections). */
  static byte[] stripCustom(byte[] wasm) {
    if (wasm.length < 8) {
      return wasm;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(wasm, 0, 8);
    int i = 8;
    while (i < wasm.length) {
      int start = i;
      int id = wasm[i++] & 0xff;
      long size = 0;
      int shift = 0;
      while (true) {
        if (i >= wasm.length || shift > 28) {
          return wasm;
        }
        int b = wasm[i++] & 0xff;
        size |= (long) (b & 0x7f) << shift;
        shift += 7;
        if ((b & 0x80) == 0) {
          break;
        }
      }
      long end = i + size;
      if (end > wasm.length) {
        return wasm;
      }
      if (id != 0) {
        out.write(wasm, start, (int) (end - start));
      }
      i = (int) end;
    }
    return out.toByteArray();
  }

  private static String firstDifference(byte[] a, byte[] b) {
    int i = 0;
    while (i < a.length && i < b.length && a[i] == b[i]) {
      i++;
    }
    HexFormat h = HexFormat.of();
    return "first difference at byte " + i + ": ours …" + h.formatHex(a, Math.max(0, i - 4), Math.min(a.length, i + 12))
        + " theirs …" + h.formatHex(b, Math.max(0, i - 4), Math.min(b.length, i + 12));
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int k = s.indexOf("kind: ");
    String t = k >= 0 ? s.substring(k) : s;
    return t.length() > 200 ? t.substring(0, 200) : t.replace('\n', ' ');
  }

  /** {@code where<TAB>kind<TAB>reason} lines; {@code #} comments. */
  private static Map<String, String[]> loadExpectations() throws IOException {
    Map<String, String[]> m = new LinkedHashMap<>();
    try (InputStream in = CoreWatDifferentialTest.class.getResourceAsStream(EXPECT)) {
      if (in == null) {
        return m;
      }
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] parts = line.split("\t", 3);
        if (parts.length < 3 || parts[2].isBlank()) {
          throw new AssertionError(EXPECT + ": every line needs `where<TAB>kind<TAB>reason`: " + line);
        }
        m.put(parts[0], new String[] {parts[1], parts[2]});
      }
    }
    return m;
  }

}

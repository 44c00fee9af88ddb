package dev.trellis.wasiconformance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The WASI cases a runtime skips or is expected to fail, each with its reason:
 * {@code wasi-conformance/expectations/<runtime>.txt}, one entry a line:
 *
 * <pre>
 * # comment
 * &lt;case&gt;  &lt;skip|fail&gt;  &lt;reason...&gt;
 * </pre>
 *
 * <p>{@code case} is a case id ({@code filesystem/readonly}), or a prefix ending in {@code /}
 * for every case under it ({@code sockets/}). A {@code skip} case is not run and is reported
 * skipped with its reason; a {@code fail} case runs, and is an expected failure if it fails or
 * a failure ("expected to fail but passed") if it passes, so a stale entry cannot stay.
 * {@link #unused()} lists entries that matched no case, which the build also treats as stale.
 */
public final class WasiExpectations {
  public enum Kind { SKIP, FAIL }

  public record Entry(String key, Kind kind, String reason, int line) {}

  private final String source;
  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private final Set<Entry> used = new LinkedHashSet<>();

  private WasiExpectations(String source) {
    this.source = source;
  }

  public static WasiExpectations none() {
    return new WasiExpectations("(none)");
  }

  /** The expectations file of {@code runtime} in the repository at {@code repoRoot}. */
  public static Path fileFor(Path repoRoot, String runtime) {
    return repoRoot.resolve("wasi-conformance/expectations").resolve(runtime + ".txt");
  }

  /** Reads {@code file}; a missing file means no expectations. */
  public static WasiExpectations load(Path file) throws IOException {
    if (!Files.exists(file)) {
      return none();
    }
    return parse(Files.readString(file), file.toString());
  }

  public static WasiExpectations parse(String text, String source) {
    WasiExpectations e = new WasiExpectations(source);
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i].strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      String[] parts = l.split("\\s+", 3);
      if (parts.length < 3) {
        throw new IllegalArgumentException(source + ":" + (i + 1) + ": expected `<case> <skip|fail> <reason>`");
      }
      Kind k = switch (parts[1]) {
        case "skip" -> Kind.SKIP;
        case "fail" -> Kind.FAIL;
        default -> throw new IllegalArgumentException(source + ":" + (i + 1) + ": `" + parts[1] + "` is not skip or fail");
      };
      if (e.entries.put(parts[0], new Entry(parts[0], k, parts[2], i + 1)) != null) {
        throw new IllegalArgumentException(source + ":" + (i + 1) + ": " + parts[0] + " is listed twice");
      }
    }
    return e;
  }

  /** The entry for case {@code id}: its own, else the longest prefix entry covering it. */
  public synchronized Entry lookup(String id) {
    Entry e = entries.get(id);
    if (e == null) {
      String best = null;
      for (String k : entries.keySet()) {
        if (k.endsWith("/") && id.startsWith(k) && (best == null || k.length() > best.length())) {
          best = k;
        }
      }
      e = best == null ? null : entries.get(best);
    }
    if (e != null) {
      used.add(e);
    }
    return e;
  }

  /** Entries no {@link #lookup} matched so far. */
  public synchronized List<Entry> unused() {
    List<Entry> out = new ArrayList<>();
    for (Entry e : entries.values()) {
      if (!used.contains(e)) {
        out.add(e);
      }
    }
    return out;
  }

  public String source() {
    return source;
  }

  public List<Entry> entries() {
    return List.copyOf(entries.values());
  }
}

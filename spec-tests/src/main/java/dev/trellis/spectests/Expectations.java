package dev.trellis.spectests;

import dev.trellis.engine.error.TextException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checked-in list of spec-test cases a runtime skips or is expected to fail, each with its
 * reason: {@code spec-tests/expectations/<runtime>.txt}. One entry per line:
 *
 * <pre>
 * # comment
 * &lt;case&gt;  &lt;skip|fail&gt;  &lt;modes&gt;  &lt;reason...&gt;
 * </pre>
 *
 * <p>{@code case} is a script path relative to the suites root ({@code TRELLIS_SUITES}), with a
 * {@code [label]} suffix for a labelled {@code RUN[label]:} run, and {@code :line} for one
 * directive (without it, the entry covers the whole file). {@code modes} is {@code *} or a
 * comma-separated list of {@code parse}, {@code validate}, {@code execute}.
 *
 * <p>A {@code skip} case is not run and is reported skipped with its reason. A {@code fail}
 * case runs: if it fails it is reported as an expected failure; if it passes it is reported as
 * failed ("expected to fail but passed"), so a stale entry fails the build.
 */
public final class Expectations {

  public enum Kind { SKIP, FAIL }

  /** One entry; {@code line} 0 means the whole file. {@code modes} empty means every mode. */
  public record Entry(String file, int line, Kind kind, Set<String> modes, String reason, int sourceLine) {
    public Entry {
      modes = Set.copyOf(modes);
    }

    public boolean appliesTo(String mode) {
      return modes.isEmpty() || modes.contains(mode);
    }

    /** The case key as written. */
    public String key() {
      return line == 0 ? file : file + ":" + line;
    }
  }

  private static final Set<String> MODES = Set.of("parse", "validate", "execute");

  private final String source;
  private final Map<String, List<Entry>> byKey = new LinkedHashMap<>();
  private final Set<Entry> used = new LinkedHashSet<>();

  private Expectations(String source) {
    this.source = source;
  }

  /** No expectations: every case must pass. */
  public static Expectations none() {
    return new Expectations("(none)");
  }

  /** The directory of the checked-in expectations files under {@code repoRoot}. */
  public static Path dir(Path repoRoot) {
    return repoRoot.resolve("spec-tests/expectations");
  }

  /** The expectations file of {@code runtime} under {@code repoRoot}. */
  public static Path fileFor(Path repoRoot, String runtime) {
    return dir(repoRoot).resolve(runtime + ".txt");
  }

  /**
   * Runtimes that are the same engine as another (the reference engine on Chicory's compiler):
   * they share its decoding and validation, so the other's {@code parse}- and
   * {@code validate}-only entries apply to them too. Execute-mode entries are each runtime's own.
   */
  public static final Map<String, String> SHARES_VALIDATION = Map.of("trellis-compiler", "trellis");

  /**
   * The expectations of {@code runtime} from the {@code RUNTIME.txt} files in {@code dir}: its
   * own file, plus the parse- and validate-only entries of the runtime it shares validation
   * with ({@link #SHARES_VALIDATION}); {@link #none()} if there is neither. What
   * {@code trellis wast --runtime}, {@code trellis certify} and the JUnit suites read.
   */
  public static Expectations forRuntime(Path dir, String runtime) throws IOException {
    StringBuilder text = new StringBuilder();
    List<String> sources = new ArrayList<>();
    String base = SHARES_VALIDATION.get(runtime);
    if (base != null) {
      Path f = dir.resolve(base + ".txt");
      if (Files.exists(f)) {
        for (String line : Files.readAllLines(f)) {
          String[] cols = line.strip().split("\\s+", 4);
          if (!line.startsWith("#") && cols.length >= 3 && !cols[2].equals("*") && !cols[2].contains("execute")) {
            text.append(line).append('\n');
          }
        }
        sources.add(f + " (parse and validate entries)");
      }
    }
    Path own = dir.resolve(runtime + ".txt");
    if (Files.exists(own)) {
      text.append(Files.readString(own)).append('\n');
      sources.add(own.toString());
    }
    return sources.isEmpty() ? none() : parse(text.toString(), String.join(" + ", sources));
  }

  /** Reads {@code file}, or returns {@link #none()} if it does not exist. */
  public static Expectations load(Path file) throws IOException {
    if (!Files.exists(file)) {
      return none();
    }
    return parse(Files.readString(file), file.toString());
  }

  public static Expectations parse(String text, String source) {
    Expectations e = new Expectations(source);
    String[] lines = text.split("\n", -1);
    for (int n = 0; n < lines.length; n++) {
      String l = lines[n].strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      String[] parts = l.split("\\s+", 4);
      if (parts.length < 4 || parts[3].isBlank()) {
        throw new TextException(source, n + 1, 1, "expected `<case> <skip|fail> <modes> <reason>`");
      }
      Kind kind = switch (parts[1]) {
        case "skip" -> Kind.SKIP;
        case "fail" -> Kind.FAIL;
        default -> throw new TextException(source, n + 1, parts[0].length() + 2, "expected `skip` or `fail`, found `" + parts[1] + "`");
      };
      Set<String> modes = new LinkedHashSet<>();
      if (!parts[2].equals("*")) {
        for (String m : parts[2].split(",")) {
          if (!MODES.contains(m)) {
            throw new TextException(source, n + 1, 1, "unknown mode `" + m + "` (parse, validate, execute or *)");
          }
          modes.add(m);
        }
      }
      String key = parts[0];
      int line = 0;
      int colon = key.lastIndexOf(':');
      if (colon > 0 && key.substring(colon + 1).chars().allMatch(Character::isDigit) && colon + 1 < key.length()) {
        line = Integer.parseInt(key.substring(colon + 1));
        key = key.substring(0, colon);
      }
      Entry entry = new Entry(key, line, kind, modes, parts[3].strip(), n + 1);
      List<Entry> list = e.byKey.computeIfAbsent(entry.key(), k -> new ArrayList<>());
      for (Entry other : list) {
        if (other.modes().isEmpty() || modes.isEmpty() || other.modes().stream().anyMatch(modes::contains)) {
          throw new TextException(source, n + 1, 1, "`" + entry.key() + "` is already listed on line " + other.sourceLine());
        }
      }
      list.add(entry);
    }
    return e;
  }

  /** The entry for a case of {@code file} at {@code line} in {@code mode}, or null. */
  public Entry lookup(String file, int line, String mode) {
    Entry e = find(file + ":" + line, mode);
    if (e == null) {
      e = find(file, mode);
    }
    if (e != null) {
      used.add(e);
    }
    return e;
  }

  private Entry find(String key, String mode) {
    for (Entry e : byKey.getOrDefault(key, List.of())) {
      if (e.appliesTo(mode)) {
        return e;
      }
    }
    return null;
  }

  /** Every entry, in file order. */
  public List<Entry> entries() {
    return byKey.values().stream().flatMap(List::stream)
        .sorted((a, b) -> Integer.compare(a.sourceLine(), b.sourceLine())).toList();
  }

  /** The entries for {@code mode} that no case looked up so far. */
  public List<Entry> unused(String mode) {
    return entries().stream().filter(e -> e.appliesTo(mode) && !used.contains(e)).toList();
  }

  public String source() {
    return source;
  }

  @Override
  public String toString() {
    return "Expectations[" + source + ", " + Arrays.toString(byKey.keySet().toArray()) + "]";
  }
}

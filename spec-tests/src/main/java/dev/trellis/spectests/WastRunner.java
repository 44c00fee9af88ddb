package dev.trellis.spectests;

import dev.trellis.engine.error.TextException;
import dev.trellis.engine.text.Wast;
import dev.trellis.engine.text.WastRunLine;
import dev.trellis.engine.text.WastScript;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Runs {@code .wast} scripts on a {@link WastTarget}, one {@link WastSession} per run of a
 * script: wasm-tools files name their runs (and the features each needs) in {@code ;; RUN:
 * wast ...} lines, and a file with two runs (e.g. strict and {@code RUN[lenient]}) runs twice.
 * Files without a run line run once under {@link #defaultRun}. A run's line also sets its
 * {@link WastSemantics} (validated as wasm-tools' {@code wast} does, or instantiated as the
 * spec interpreter does) and what the target cannot run is reported unsupported
 * ({@link Support}). Used by the {@code spec-tests} JUnit suites, {@code trellis wast} and
 * {@code trellis certify}, so all three agree case for case.
 */
public final class WastRunner {

  /**
   * The features the Component Model's own tests are run with: those its README passes to
   * Wasmtime, in wasm-tools' spelling.
   */
  public static final List<String> COMPONENT_MODEL_FEATURES = List.of("cm-async", "cm-more-async-builtins",
      "cm-threading", "cm-async-stackful", "cm-implements", "cm-fixed-length-lists", "cm-map", "cm-error-context");

  private final WastTarget target;
  private final Expectations expectations;
  private final Path suitesRoot;
  private Duration timeout = Duration.ofSeconds(60);

  /**
   * @param suitesRoot the {@code TRELLIS_SUITES} directory: case ids are paths relative to it
   *     (a script elsewhere is named by its path as given)
   */
  public WastRunner(WastTarget target, Expectations expectations, Path suitesRoot) {
    this.target = target;
    this.expectations = expectations;
    this.suitesRoot = suitesRoot.toAbsolutePath().normalize();
  }

  /** Sets the wall-clock limit of one directive when the target executes (default 60 s). */
  public WastRunner timeout(Duration d) {
    this.timeout = d;
    return this;
  }

  public WastTarget target() {
    return target;
  }

  public Expectations expectations() {
    return expectations;
  }

  /**
   * The scripts under {@code paths}, sorted: files as given, directories searched for
   * {@code .wast} files and for {@code .wat} files whose {@code ;; RUN:} line runs {@code wast}.
   */
  public static List<Path> scripts(List<Path> paths) throws IOException {
    TreeSet<Path> out = new TreeSet<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.walk(p)) {
          for (Path f : s.filter(Files::isRegularFile).toList()) {
            String n = f.getFileName().toString();
            if (n.endsWith(".wast") || (n.endsWith(".wat") && runsWast(f))) {
              out.add(f.normalize());
            }
          }
        }
      } else if (Files.isRegularFile(p)) {
        out.add(p.normalize());
      } else {
        throw new IOException("no such file or directory: " + p);
      }
    }
    return new ArrayList<>(out);
  }

  private static boolean runsWast(Path f) throws IOException {
    String head;
    try (Stream<String> lines = Files.lines(f)) {
      head = String.join("\n", lines.limit(5).toList());
    }
    return WastRunLine.parseAll(head).stream().anyMatch(r -> r.tool().equals("wast") && !r.expectFailure());
  }

  /** The runs of {@code script} (usually one). */
  public List<WastSession> sessions(Path script) throws IOException {
    String src = Files.readString(script);
    String id = caseId(script);
    WastScript parsed = null;
    TextException error = null;
    List<WastRunLine> runs;
    try {
      parsed = Wast.parse(src, id);
      runs = parsed.wastRuns();
    } catch (TextException e) {
      error = e;
      runs = WastRunLine.parseAll(src).stream().filter(r -> r.tool().equals("wast") && !r.expectFailure()).toList();
    }
    if (runs.isEmpty()) {
      runs = List.of(defaultRun(id));
    }
    List<WastSession> out = new ArrayList<>();
    for (WastRunLine r : runs) {
      String file = r.label() == null ? id : id + "[" + r.label() + "]";
      out.add(new WastSession(file, suite(id), feature(id), parsed, error, r, target, expectations, timeout));
    }
    return out;
  }

  /** Runs every run of {@code script}. */
  public List<FileReport> run(Path script) throws IOException {
    List<FileReport> out = new ArrayList<>();
    for (WastSession s : sessions(script)) {
      try (s) {
        out.add(s.runAll());
      }
    }
    return out;
  }

  /** The run of a script without a {@code ;; RUN:} line. */
  static WastRunLine defaultRun(String id) {
    return WastRunLine.defaults(id.startsWith("component-model/") ? COMPONENT_MODEL_FEATURES : List.of());
  }

  /** The path of {@code script} under the suites root, with {@code /} separators. */
  public String caseId(Path script) {
    Path abs = script.toAbsolutePath().normalize();
    Path rel = abs.startsWith(suitesRoot) ? suitesRoot.relativize(abs) : script.normalize();
    return rel.toString().replace('\\', '/');
  }

  /** {@code component-model}, {@code wasm-tools}, or {@code other}. */
  static String suite(String id) {
    return SpecSuite.of(id).map(SpecSuite::id).orElse("other");
  }

  /** The feature area: the directory a script sits in below its suite's test root. */
  static String feature(String id) {
    return SpecSuite.area(id);
  }
}

package dev.trellis.spectests;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The shared suites of {@code .wast} scripts, by where they sit under the suites root
 * ({@code TRELLIS_SUITES}). How each script runs is the runner's business
 * ({@link WastSemantics}, from its run line); a suite is only a set of scripts and the name
 * results are reported under.
 */
public enum SpecSuite {
  /** The Component Model's reference tests (no run lines: instantiated and run). */
  COMPONENT_MODEL("component-model", "component-model/test"),
  /** wasm-tools' component tests ({@code ;; RUN: wast} lines: validated, actions run). */
  WASM_TOOLS("wasm-tools", "wasm-tools/tests/cli/component-model");

  private final String id;
  private final String dir;

  SpecSuite(String id, String dir) {
    this.id = id;
    this.dir = dir;
  }

  /** The name results are reported under: {@code component-model}, {@code wasm-tools}. */
  public String id() {
    return id;
  }

  /** The suite's test root, relative to the suites root. */
  public String dir() {
    return dir;
  }

  /** The suite's test root under {@code suitesRoot}. */
  public Path root(Path suitesRoot) {
    return suitesRoot.resolve(dir);
  }

  /** The suite a case id (a path under the suites root) belongs to. */
  public static Optional<SpecSuite> of(String caseId) {
    for (SpecSuite s : values()) {
      if (caseId.startsWith(s.dir + "/")) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /**
   * The feature area of a case id: the directory it sits in below its suite's test root
   * ({@code async}, {@code values}, ...), {@code component-model} for a script directly in
   * the root, {@code other} outside the suites.
   */
  public static String area(String caseId) {
    return of(caseId).map(s -> {
      String rest = caseId.substring(s.dir.length() + 1);
      int slash = rest.indexOf('/');
      return slash < 0 ? "component-model" : rest.substring(0, slash);
    }).orElse("other");
  }
}

package dev.trellis.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Where the external conformance material lives. One setting decides it:
 * {@code TRELLIS_SUITES} (environment variable, or system property {@code trellis.suites}),
 * defaulting to {@code ../shared/testsuites} relative to the repository root. The WASI WIT
 * packages and the spec documents sit beside it ({@code ../wit/wasi}, {@code ../spec}), as
 * {@code scripts/fetch-suites} lays them out.
 */
public final class Suites {
  private Suites() {}

  /** The repository root: {@code TRELLIS_ROOT} / {@code trellis.root}, else found upward from the working directory. */
  public static Path repoRoot() {
    String configured = setting("TRELLIS_ROOT", "trellis.root");
    if (configured != null) {
      return Paths.get(configured).toAbsolutePath().normalize();
    }
    Path dir = Paths.get("").toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("scripts/trellis")) && Files.isRegularFile(p.resolve("pom.xml"))) {
        return p;
      }
    }
    return dir;
  }

  /** The suites directory (holds {@code component-model/}, {@code wasm-tools/}). */
  public static Path root() {
    String configured = setting("TRELLIS_SUITES", "trellis.suites");
    if (configured != null) {
      Path p = Paths.get(configured);
      return (p.isAbsolute() ? p : repoRoot().resolve(p)).normalize();
    }
    return repoRoot().resolve("../shared/testsuites").normalize();
  }

  /** {@code $TRELLIS_SUITES/component-model/test}. */
  public static Path componentModelTests() {
    return root().resolve("component-model/test");
  }

  /** {@code $TRELLIS_SUITES/wasm-tools}. */
  public static Path wasmTools() {
    return root().resolve("wasm-tools");
  }

  /** The WASI WIT packages of one release, e.g. {@code wasiWit("0.2.12")}. */
  public static Path wasiWit(String version) {
    return root().resolveSibling("wit").resolve("wasi").resolve(version);
  }

  /** The Component Model specification documents. */
  public static Path specDocs() {
    return root().resolveSibling("spec").resolve("component-model");
  }

  /**
   * Fails with a message saying how to get the suites when they are absent, rather than
   * letting a suite silently find nothing.
   */
  public static Path require(Path p) {
    if (!Files.exists(p)) {
      throw new IllegalStateException("conformance material not found at " + p
          + ": set TRELLIS_SUITES, or run scripts/fetch-suites to fetch the pinned upstream suites");
    }
    return p;
  }

  private static String setting(String env, String property) {
    String v = System.getProperty(property);
    if (v == null || v.isBlank()) {
      v = System.getenv(env);
    }
    return v == null || v.isBlank() ? null : v;
  }
}

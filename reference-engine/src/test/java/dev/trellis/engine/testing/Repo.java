package dev.trellis.engine.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Where the repository and the shared conformance material are, for tests, by the rule
 * {@code dev.trellis.harness.Suites} follows (which these tests cannot see): the repository root
 * is {@code trellis.root} (surefire sets it), else the module's parent directory; the suites are
 * {@code TRELLIS_SUITES} (system property {@code trellis.suites}, or the environment variable;
 * relative to the root), else {@code ../shared/testsuites} beside the repository.
 */
public final class Repo {
  private Repo() {}

  public static Path root() {
    String r = System.getProperty("trellis.root");
    return (r == null || r.isBlank() ? Paths.get("..") : Paths.get(r)).toAbsolutePath().normalize();
  }

  /** The suites directory; a test needing it fails (never skips) when it is missing. */
  public static Path suites() {
    String configured = System.getProperty("trellis.suites");
    if (configured == null || configured.isBlank()) {
      configured = System.getenv("TRELLIS_SUITES");
    }
    Path p = configured == null || configured.isBlank()
        ? root().resolve("../shared/testsuites")
        : root().resolve(configured);
    p = p.normalize();
    assertThat(p).as("conformance suites (set TRELLIS_SUITES, or run scripts/fetch-suites)").isDirectory();
    return p;
  }

  /** The jco package ({@code node/node_modules/@bytecodealliance/jco}, installed by {@code npm ci} in {@code node/}). */
  public static Path jco() {
    return root().resolve("node/node_modules/@bytecodealliance/jco");
  }
}

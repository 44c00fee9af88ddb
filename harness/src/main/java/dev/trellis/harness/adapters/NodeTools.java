package dev.trellis.harness.adapters;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.harness.Suites;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Node.js and the npm packages Trellis drives ({@code node/} in the repository, installed with
 * {@code npm ci}): {@code TRELLIS_NODE} (default {@code node} on PATH) and
 * {@code TRELLIS_NODE_MODULES} (default {@code node/node_modules} under the repository root).
 */
public final class NodeTools {
  private NodeTools() {}

  public static Optional<Path> node() {
    String configured = Processes.setting("TRELLIS_NODE");
    if (configured != null) {
      Path p = Path.of(configured);
      return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }
    return Processes.onPath("node");
  }

  public static Path nodeModules() {
    String configured = Processes.setting("TRELLIS_NODE_MODULES");
    return configured != null ? Path.of(configured).toAbsolutePath() : Suites.repoRoot().resolve("node/node_modules");
  }

  /** jco's command line ({@code @bytecodealliance/jco/dist/jco.js}, its package's {@code bin}). */
  public static Path jco() {
    return nodeModules().resolve("@bytecodealliance/jco/dist/jco.js");
  }

  /** {@code node --version}, e.g. {@code v20.20.2}. */
  public static Optional<String> nodeVersion() {
    return node().flatMap(n -> Processes.firstLine(List.of(n.toString(), "--version"), Duration.ofSeconds(20)));
  }

  /** The version of an installed package, from its {@code package.json}. */
  public static Optional<String> packageVersion(String pkg) {
    Path json = nodeModules().resolve(pkg).resolve("package.json");
    if (!Files.isRegularFile(json)) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(new ObjectMapper().readTree(json.toFile()).path("version").asText(null));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * Why Node or a package is unusable, or empty when both are there: the reason
   * {@code trellis runtimes} prints.
   */
  public static Optional<String> missing(String pkg) {
    if (node().isEmpty()) {
      return Optional.of("not installed: node is not on PATH (or set TRELLIS_NODE)");
    }
    if (packageVersion(pkg).isEmpty()) {
      return Optional.of("not installed: " + pkg + " not found under " + nodeModules() + " (run npm ci in node/, or set TRELLIS_NODE_MODULES)");
    }
    return Optional.empty();
  }

  /** The JavaScript drivers shipped in this jar ({@code dev/trellis/harness/adapters/js}). */
  static final List<String> SCRIPTS = List.of("driver.mjs", "values.mjs", "workerd-worker.mjs");

  private static Path scripts;

  /**
   * A directory holding the JavaScript drivers, copied out of the jar once per JVM (Node and
   * workerd load them as files).
   */
  public static synchronized Path scripts() {
    if (scripts != null && Files.isDirectory(scripts)) {
      return scripts;
    }
    try {
      Path dir = Files.createTempDirectory("trellis-js-");
      for (String name : SCRIPTS) {
        try (InputStream in = NodeTools.class.getResourceAsStream("/dev/trellis/harness/adapters/js/" + name)) {
          if (in == null) {
            throw new IllegalStateException("driver " + name + " missing from the build");
          }
          Files.copy(in, dir.resolve(name));
        }
      }
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        for (String name : SCRIPTS) {
          dir.resolve(name).toFile().delete();
        }
        dir.toFile().delete();
      }));
      scripts = dir;
      return dir;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}

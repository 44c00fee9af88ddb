package dev.trellis.harness.adapters.graalwasm;

import dev.trellis.harness.adapters.Processes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Where GraalWasm's jars are, as files (a JIT-capable GraalWasm needs them on a module path,
 * not merged into a fat jar): {@code TRELLIS_GRAALWASM_PATH} (a directory of jars), else the
 * JVM's class path (tests), else {@code graalwasm/} beside the Trellis jar, else the local
 * Maven repository ({@code -Dmaven.repo.local} or {@code ~/.m2/repository}).
 */
final class GraalWasmJars {
  private GraalWasmJars() {}

  /** group path and artifact of every jar GraalWasm needs on the module path. */
  static final List<String[]> MODULES = List.of(
      new String[] {"org/graalvm/polyglot", "polyglot"},
      new String[] {"org/graalvm/sdk", "collections"},
      new String[] {"org/graalvm/sdk", "nativeimage"},
      new String[] {"org/graalvm/sdk", "word"},
      new String[] {"org/graalvm/sdk", "jniutils"},
      new String[] {"org/graalvm/truffle", "truffle-api"},
      new String[] {"org/graalvm/truffle", "truffle-runtime"},
      new String[] {"org/graalvm/truffle", "truffle-compiler"},
      new String[] {"org/graalvm/wasm", "wasm-language"});
  /** The Graal compiler, for the upgrade module path. */
  static final String[] COMPILER = {"org/graalvm/compiler", "compiler"};

  record Found(String version, List<Path> modulePath, Path compiler) {}

  static String version() {
    try (InputStream in = GraalWasmJars.class.getResourceAsStream("graalwasm.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      String v = p.getProperty("version");
      return v == null || v.contains("$") ? "25.0.2" : v;
    } catch (IOException e) {
      return "25.0.2";
    }
  }

  /** The jars, or why they are missing. */
  static Found find(StringBuilder why) {
    String version = version();
    List<Path> dirs = new ArrayList<>();
    String configured = Processes.setting("TRELLIS_GRAALWASM_PATH");
    if (configured != null) {
      dirs.add(Path.of(configured));
    }
    codeSourceDir().map(d -> d.resolve("graalwasm")).ifPresent(dirs::add);
    List<Path> classPath = new ArrayList<>();
    for (String e : System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)) {
      if (!e.isEmpty()) {
        classPath.add(Path.of(e));
      }
    }
    Path repo = Path.of(Optional.ofNullable(System.getProperty("maven.repo.local"))
        .orElse(System.getProperty("user.home") + "/.m2/repository"));
    List<Path> modules = new ArrayList<>();
    Set<String> missing = new LinkedHashSet<>();
    for (String[] m : MODULES) {
      locate(m, version, dirs, classPath, repo).ifPresentOrElse(modules::add, () -> missing.add(m[1] + "-" + version + ".jar"));
    }
    Optional<Path> compiler = locate(COMPILER, version, dirs, classPath, repo);
    if (compiler.isEmpty()) {
      missing.add(COMPILER[1] + "-" + version + ".jar");
    }
    if (!missing.isEmpty()) {
      why.append("not installed: GraalWasm ").append(version).append(" jars not found (").append(String.join(", ", missing))
          .append(") in TRELLIS_GRAALWASM_PATH, the class path or ").append(repo)
          .append("; run the Maven build once (mvn -pl harness dependency:resolve) or set TRELLIS_GRAALWASM_PATH");
      return null;
    }
    return new Found(version, modules, compiler.get());
  }

  private static Optional<Path> locate(String[] coordinates, String version, List<Path> dirs, List<Path> classPath, Path repo) {
    String file = coordinates[1] + "-" + version + ".jar";
    for (Path d : dirs) {
      if (Files.isRegularFile(d.resolve(file))) {
        return Optional.of(d.resolve(file));
      }
    }
    for (Path p : classPath) {
      if (p.getFileName() != null && p.getFileName().toString().equals(file) && Files.isRegularFile(p)) {
        return Optional.of(p);
      }
    }
    Path inRepo = repo.resolve(coordinates[0]).resolve(coordinates[1]).resolve(version).resolve(file);
    return Files.isRegularFile(inRepo) ? Optional.of(inRepo) : Optional.empty();
  }

  /** The directory of the jar (or classes directory) this class was loaded from. */
  private static Optional<Path> codeSourceDir() {
    return codeSource(GraalWasmJars.class).map(p -> Files.isDirectory(p) ? p : p.getParent());
  }

  static Optional<Path> codeSource(Class<?> c) {
    try {
      var cs = c.getProtectionDomain().getCodeSource();
      return cs == null ? Optional.empty() : Optional.of(Path.of(cs.getLocation().toURI()));
    } catch (Exception e) {
      return Optional.empty();
    }
  }
}

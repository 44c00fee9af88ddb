package dev.trellis.harness.adapters.wasmtime;

import dev.trellis.harness.adapters.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds {@code libwasmtime}: {@code TRELLIS_WASMTIME_LIB} (or {@code -Dtrellis.wasmtime.lib}),
 * else the copy inside the installed {@code wasmtime} Python package
 * ({@code pip install wasmtime==49.0.0}), asked of {@code python3}.
 */
final class WasmtimeLocator {
  private WasmtimeLocator() {}

  /** Where the library is and which version it is, or why it was not found. */
  sealed interface Found {}

  record Library(Path path, String version, String how) implements Found {}

  record NotFound(String reason) implements Found {}

  private static volatile Found cached;

  static Found find() {
    Found f = cached;
    if (f == null) {
      f = locate();
      cached = f;
    }
    return f;
  }

  private static Found locate() {
    String configured = Processes.setting("TRELLIS_WASMTIME_LIB");
    if (configured != null) {
      Path p = Path.of(configured).toAbsolutePath();
      if (!Files.isRegularFile(p)) {
        return new NotFound("TRELLIS_WASMTIME_LIB=" + configured + " is not a file");
      }
      return new Library(p, versionNear(p).orElse("unknown"), "TRELLIS_WASMTIME_LIB");
    }
    String python = Optional.ofNullable(Processes.setting("TRELLIS_PYTHON")).orElse("python3");
    String script = "import os, importlib.metadata as m, wasmtime\n"
        + "print(os.path.dirname(wasmtime.__file__))\n"
        + "print(m.version('wasmtime'))\n";
    Processes.Result r;
    try {
      r = Processes.run(List.of(python, "-c", script), Duration.ofSeconds(20));
    } catch (java.io.IOException e) {
      return new NotFound("not installed: " + python + " not found, and TRELLIS_WASMTIME_LIB is not set");
    }
    if (r.exitCode() != 0) {
      String why = r.err().contains("No module named") ? "the wasmtime Python package is not installed" : r.err().strip();
      return new NotFound("not installed: " + why + " (pip install wasmtime==49.0.0, or set TRELLIS_WASMTIME_LIB)");
    }
    List<String> lines = r.out().lines().toList();
    if (lines.size() < 2) {
      return new NotFound("unexpected answer from " + python + ": " + r.out());
    }
    Path pkg = Path.of(lines.get(0).strip());
    Path lib = pkg.resolve(platformDir()).resolve(libraryName());
    if (!Files.isRegularFile(lib)) {
      return new NotFound("the wasmtime Python package at " + pkg + " has no " + platformDir() + "/" + libraryName());
    }
    return new Library(lib, lines.get(1).strip(), "wasmtime Python package");
  }

  /** The version from a {@code wasmtime-X.dist-info} beside the package holding the library. */
  private static Optional<String> versionNear(Path lib) {
    Pattern dist = Pattern.compile("wasmtime-(\\d+\\.\\d+\\.\\d+[^/]*)\\.dist-info");
    for (Path dir = lib.getParent(); dir != null && dir.getNameCount() > 0; dir = dir.getParent()) {
      try (var s = Files.list(dir)) {
        Optional<String> v = s.map(p -> dist.matcher(p.getFileName().toString()))
            .filter(Matcher::matches).map(m -> m.group(1)).findFirst();
        if (v.isPresent()) {
          return v;
        }
      } catch (java.io.IOException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  static String platformDir() {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    String a = arch.equals("amd64") || arch.equals("x86_64") ? "x86_64" : arch.equals("aarch64") || arch.equals("arm64") ? "aarch64" : arch;
    if (os.contains("mac")) {
      return "darwin-" + a;
    }
    if (os.contains("win")) {
      return "win32-" + a;
    }
    return "linux-" + a;
  }

  static String libraryName() {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    return os.contains("mac") ? "_libwasmtime.dylib" : os.contains("win") ? "_wasmtime.dll" : "_libwasmtime.so";
  }
}

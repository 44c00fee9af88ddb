package dev.trellis.engine.wit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.engine.testing.Repo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The WIT corpora of the shared suites ({@link Repo#suites()}) and their expectations files.
 * Missing suites fail the test, never skip it.
 */
final class WitSuites {
  private WitSuites() {}

  /** {@code shared/wit/wasi}: the WASI WIT packages, beside the test suites. */
  static Path wasi() {
    Path p = Repo.suites().resolve("../wit/wasi").normalize();
    assertThat(p).isDirectory();
    return p;
  }

  static Path witParserUi() {
    return Repo.suites().resolve("wasm-tools/crates/wit-parser/tests/ui");
  }

  static Path witComponentInterfaces() {
    return Repo.suites().resolve("wasm-tools/crates/wit-component/tests/interfaces");
  }

  static List<Path> list(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A checked-in expectations file: one {@code name: reason} per line, {@code #} comments.
   * Cases listed there are expected not to pass, for the reason given.
   */
  static Map<String, String> expectations(String resource) {
    Map<String, String> out = new LinkedHashMap<>();
    try (var in = WitSuites.class.getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      for (String line : new String(in.readAllBytes()).split("\n")) {
        line = line.strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        int colon = line.indexOf(':');
        out.put(colon < 0 ? line : line.substring(0, colon).strip(), colon < 0 ? "" : line.substring(colon + 1).strip());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** The WASI package directories of one release, e.g. {@code 0.2.0}. */
  static List<Path> wasiPackages(String version) {
    List<Path> out = new ArrayList<>();
    for (Path p : list(wasi().resolve(version))) {
      if (Files.isDirectory(p)) {
        out.add(p);
      }
    }
    return out;
  }
}

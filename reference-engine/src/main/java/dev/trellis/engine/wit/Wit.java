package dev.trellis.engine.wit;

import dev.trellis.engine.error.WitException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Entry points for WIT: parse files, directories (with {@code deps/}) or text into a
 * {@link Resolve}; print a resolve back as WIT; render it as wit-parser's JSON.
 */
public final class Wit {
  private Wit() {}

  /** What a parse produced: the resolve and the ids of the packages read from the input (dependencies first). */
  public record Parsed(Resolve resolve, List<Integer> packages) {
    /** The main package: the last one added (the root of a directory, or a file's own package). */
    public int mainPackage() {
      return packages.get(packages.size() - 1);
    }
  }

  /**
   * Parses a WIT file, a directory (its {@code *.wit} files plus {@code deps/}), or a
   * binary as {@link #decode} reads it.
   *
   * @throws WitException when the input does not lex, parse or resolve
   * @throws IOException when it cannot be read
   */
  public static Parsed parse(Path path) throws IOException {
    return parse(path, Set.of());
  }

  /** As {@link #parse(Path)}, keeping {@code @unstable} items of the given features. */
  public static Parsed parse(Path path, Set<String> features) throws IOException {
    if (!java.nio.file.Files.isDirectory(path)) {
      String file = path.getFileName().toString();
      byte[] head = new byte[8];
      try (var in = java.nio.file.Files.newInputStream(path)) {
        int n = in.readNBytes(head, 0, 8);
        if (n == 8 && WitLoader.isWasm(head) || file.endsWith(".wat") || file.endsWith(".wasm")) {
          return WitDecoding.read(java.nio.file.Files.readAllBytes(path), path.toString());
        }
      }
    }
    Resolve resolve = new Resolve(features);
    List<Integer> ids = new WitLoader(resolve).pushPath(path);
    return new Parsed(resolve, ids);
  }

  /**
   * Parses several packages at once, each a directory of {@code *.wit} files (or one file),
   * resolving references between them regardless of order, as the entries of a {@code deps/}
   * directory are (for example the WASI packages {@code cli}, {@code clocks}, {@code io}, ...).
   */
  public static Parsed parseAll(List<Path> packages, Set<String> features) throws IOException {
    Resolve resolve = new Resolve(features);
    List<Integer> ids = new WitLoader(resolve).pushDirs(packages);
    return new Parsed(resolve, ids);
  }

  /**
   * Reads WIT from a binary (or component text): a WIT package encoded as a component
   * (WIT.md#package-format, as {@link WitEncoder#encodePackage} and wit-component produce
   * it); the world of an actual component, from its validated type (package
   * {@code root:component}, world {@code root}); or the worlds a core module embeds in
   * {@code component-type} custom sections.
   */
  public static Parsed decode(byte[] component, String name) {
    return WitDecoding.read(component, name);
  }

  /** Parses WIT source text ({@code name} is used in error locations). */
  public static Parsed parse(String name, String text) {
    return parse(name, text, Set.of());
  }

  public static Parsed parse(String name, String text, Set<String> features) {
    Resolve resolve = new Resolve(features);
    List<Integer> ids = new WitLoader(resolve).pushText(name, text);
    return new Parsed(resolve, ids);
  }
}

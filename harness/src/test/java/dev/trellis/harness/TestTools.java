package dev.trellis.harness;

import dev.trellis.harness.adapters.NodeTools;
import dev.trellis.harness.adapters.Processes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test binaries, made at test time from the WAT sources under {@code src/test/resources/wat}
 * with wasm-tools' parser as jco ships it ({@code node/node_modules}, installed by
 * {@code .ci/run}). Nothing generated is committed.
 */
public final class TestTools {
  private TestTools() {}

  private static final ConcurrentHashMap<String, byte[]> CACHE = new ConcurrentHashMap<>();

  public static Path nodeModules() {
    return NodeTools.nodeModules();
  }

  public static Path jco() {
    return NodeTools.jco();
  }

  /** The binary for {@code src/test/resources/wat/NAME.wat}. */
  public static byte[] wat(String name) {
    return CACHE.computeIfAbsent(name, n -> {
      try (InputStream in = TestTools.class.getResourceAsStream("/wat/" + n + ".wat")) {
        if (in == null) {
          throw new IllegalArgumentException("no test resource wat/" + n + ".wat");
        }
        return parseWat(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  /** Assembles WAT text (core module or component) with {@code jco parse}, which does not validate. */
  public static byte[] parseWat(String text) {
    return inTempDir("trellis-wat-", dir -> {
      Path in = dir.resolve("in.wat");
      Path out = dir.resolve("out.wasm");
      Files.writeString(in, text);
      Processes.Result r = Processes.run(List.of("node", jco().toString(), "parse", in.toString(), "-o", out.toString()),
          Duration.ofSeconds(60));
      if (r.exitCode() != 0 || !Files.exists(out)) {
        throw new IllegalStateException("jco parse failed (is node/node_modules installed? run .ci/run or npm ci in node/): "
            + r.err() + r.out());
      }
      return Files.readAllBytes(out);
    });
  }

  /**
   * A WASI 0.2 command built from {@code src/test/resources/c/NAME.c}: clang + wasi-libc to
   * wasm32-wasi, then adapted with {@code jco new --wasi-command} (the preview1 adapter in the
   * jco package).
   */
  public static byte[] cCommand(String name) {
    return CACHE.computeIfAbsent("c:" + name, n -> inTempDir("trellis-c-", dir -> {
      Path src = copyResource("/c/" + name + ".c", dir);
      Path core = dir.resolve(name + ".core.wasm");
      Path component = dir.resolve(name + ".wasm");
      Processes.Result cc = Processes.run(List.of("clang", "--target=wasm32-wasi", "-O2", "-o", core.toString(), src.toString()),
          Duration.ofSeconds(120));
      if (cc.exitCode() != 0) {
        throw new IllegalStateException("clang --target=wasm32-wasi failed (install clang lld wasi-libc): " + cc.err());
      }
      Processes.Result adapt = Processes.run(List.of("node", jco().toString(), "new", core.toString(), "--wasi-command",
          "-o", component.toString()), Duration.ofSeconds(120));
      if (adapt.exitCode() != 0) {
        throw new IllegalStateException("jco new --wasi-command failed: " + adapt.err() + adapt.out());
      }
      return Files.readAllBytes(component);
    }));
  }

  /**
   * A component built from {@code wat/NAME-core.wat} and {@code wat/NAME.wit} (world
   * {@code world}) with wasm-tools' component embed + component new, as jco ships them.
   */
  public static byte[] witComponent(String name, String world) {
    return CACHE.computeIfAbsent("wit:" + name, n -> inTempDir("trellis-wit-", dir -> {
      Path core = copyResource("/wat/" + name + "-core.wat", dir);
      Path wit = copyResource("/wat/" + name + ".wit", dir);
      Path script = copyResource("/wat/build-component.mjs", dir);
      Path out = dir.resolve(name + ".wasm");
      Processes.Result r = Processes.run(List.of("node", script.toString(), nodeModules().toString(), core.toString(),
          wit.toString(), world, out.toString()), Duration.ofSeconds(120));
      if (r.exitCode() != 0) {
        throw new IllegalStateException("building " + name + " failed: " + r.err() + r.out());
      }
      return Files.readAllBytes(out);
    }));
  }

  private interface Build {
    byte[] in(Path dir) throws IOException;
  }

  /** What {@code build} makes in a new temporary directory, deleted afterwards. */
  private static byte[] inTempDir(String prefix, Build build) {
    try {
      Path dir = Files.createTempDirectory(prefix);
      try {
        return build.in(dir);
      } finally {
        try (var s = Files.walk(dir)) {
          s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path copyResource(String resource, Path dir) throws IOException {
    try (InputStream in = TestTools.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + resource);
      }
      Path p = dir.resolve(resource.substring(resource.lastIndexOf('/') + 1));
      Files.copy(in, p);
      return p;
    }
  }
}

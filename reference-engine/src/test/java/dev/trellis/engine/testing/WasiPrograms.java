package dev.trellis.engine.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The WASI test programs of {@code test-programs/wasi}, built (once per JVM, and only what is out
 * of date) by {@code scripts/build-wasi-programs} with clang, wasi-libc and jco. Shared with the
 * CLI's tests through this module's test jar.
 */
public final class WasiPrograms {
  private WasiPrograms() {}

  private static boolean built;

  public static synchronized Path program(String name) {
    if (!built) {
      build();
      built = true;
    }
    Path p = Repo.root().resolve("test-programs/wasi/target").resolve(name + ".wasm");
    if (!Files.exists(p)) {
      throw new IllegalStateException("scripts/build-wasi-programs did not produce " + p);
    }
    return p;
  }

  /** A committed binary (componentize-js output, too slow to rebuild in every test run). */
  public static Path committed(String relative) {
    return Repo.root().resolve("test-programs/wasi").resolve(relative);
  }

  /**
   * The directory tree the filesystem programs expect under {@code dir}: {@code sandbox/}
   * (preopened writable), {@code ro/} (preopened read-only, with {@code hello.txt} and
   * {@code sub/}) and {@code outside/secret.txt}, which no preopen reaches.
   */
  public static Path fixture(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("sandbox"));
    Files.createDirectories(dir.resolve("ro/sub"));
    Files.createDirectories(dir.resolve("outside"));
    Files.writeString(dir.resolve("ro/hello.txt"), "hello, read-only\n");
    Files.writeString(dir.resolve("outside/secret.txt"), "secret\n");
    return dir;
  }

  private static void build() {
    try {
      Process p = new ProcessBuilder(Repo.root().resolve("scripts/build-wasi-programs").toString())
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
        throw new IllegalStateException("scripts/build-wasi-programs failed (it needs clang, wasi-libc and "
            + "node/node_modules):\n" + out);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run scripts/build-wasi-programs: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

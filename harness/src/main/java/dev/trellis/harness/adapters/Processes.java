package dev.trellis.harness.adapters;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Small, bounded child-process helpers for probing and driving external runtimes. */
public final class Processes {
  private Processes() {}

  /** A finished process: exit code (-1 on timeout), stdout and stderr. */
  public record Result(int exitCode, byte[] stdout, byte[] stderr, boolean timedOut) {
    public String out() {
      return new String(stdout, StandardCharsets.UTF_8);
    }

    public String err() {
      return new String(stderr, StandardCharsets.UTF_8);
    }
  }

  /**
   * Runs {@code command} with {@code stdin}, waits at most {@code timeout}, and kills the
   * process tree if it takes longer. Output is read concurrently so a chatty child never blocks.
   */
  public static Result run(List<String> command, Path dir, Map<String, String> env, byte[] stdin, Duration timeout)
      throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command);
    if (dir != null) {
      pb.directory(dir.toFile());
    }
    if (env != null) {
      pb.environment().putAll(env);
    }
    Process p = pb.start();
    CompletableFuture<byte[]> out = drain(p.getInputStream());
    CompletableFuture<byte[]> err = drain(p.getErrorStream());
    try (var in = p.getOutputStream()) {
      if (stdin != null && stdin.length > 0) {
        in.write(stdin);
      }
    } catch (IOException ignored) {
      // the child may exit without reading stdin
    }
    boolean done;
    try {
      done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      done = false;
    }
    if (!done) {
      kill(p);
    }
    return new Result(done ? p.exitValue() : -1, out.join(), err.join(), !done);
  }

  public static Result run(List<String> command, Duration timeout) throws IOException {
    return run(command, null, null, null, timeout);
  }

  /** Kills a process and its descendants. */
  public static void kill(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    try {
      p.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public static CompletableFuture<byte[]> drain(InputStream in) {
    return CompletableFuture.supplyAsync(() -> {
      try (in) {
        return in.readAllBytes();
      } catch (IOException e) {
        return new byte[0];
      }
    }, r -> Thread.ofPlatform().daemon(true).name("process-drain").start(r));
  }

  /** The first executable named {@code name} on {@code PATH}. */
  public static Optional<Path> onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path p = Path.of(dir, name);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** The first line of what a {@code --version} style command prints, or empty. */
  public static Optional<String> firstLine(List<String> command, Duration timeout) {
    try {
      Result r = run(command, timeout);
      if (r.exitCode() != 0) {
        return Optional.empty();
      }
      String s = (r.out().isBlank() ? r.err() : r.out()).strip();
      return s.isEmpty() ? Optional.empty() : Optional.of(s.lines().findFirst().orElse(s));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** An environment variable or system property ({@code trellis.x.y} for {@code TRELLIS_X_Y}). */
  public static String setting(String env) {
    String prop = env.toLowerCase(java.util.Locale.ROOT).replace('_', '.');
    String v = System.getProperty(prop);
    if (v == null || v.isBlank()) {
      v = System.getenv(env);
    }
    return v == null || v.isBlank() ? null : v.strip();
  }
}

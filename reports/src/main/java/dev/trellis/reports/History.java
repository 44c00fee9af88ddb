package dev.trellis.reports;

import dev.trellis.engine.error.TextException;
import dev.trellis.harness.results.ResultsJson;
import dev.trellis.harness.results.RunResults;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The append-only history of runs: a JSON-lines file, one run per line, oldest first (see
 * {@link HistoryCodec} for what a line keeps).
 *
 * <p>An append never modifies the file in place. Under an exclusive lock (a sidecar
 * {@code .lock} file), it copies the current history into a temporary file beside it, adds
 * the new line, forces it to disk and atomically renames it over the history. A run killed
 * at any moment therefore leaves either the old history or the new one, both whole; at worst
 * a stray temporary file, which the next append removes. The reader still tolerates a torn
 * last line (a file appended to by other means, a disk that lost its tail): it skips it and
 * says so.
 */
public final class History {
  private final Path file;

  public History(Path file) {
    this.file = file.toAbsolutePath().normalize();
  }

  public Path file() {
    return file;
  }

  /** What a read found: the runs, oldest first, and any lines it had to skip. */
  public record Contents(List<RunResults> runs, List<String> warnings) {
    public Contents {
      runs = List.copyOf(runs);
      warnings = List.copyOf(warnings);
    }

    /** The latest run whose id or label is {@code name}. */
    public Optional<RunResults> find(String name) {
      for (int i = runs.size() - 1; i >= 0; i--) {
        RunResults r = runs.get(i);
        if (r.run().id().equals(name) || name.equals(r.run().label())) {
          return Optional.of(r);
        }
      }
      return Optional.empty();
    }

    /** The latest run other than {@code runId}. */
    public Optional<RunResults> previous(String runId) {
      for (int i = runs.size() - 1; i >= 0; i--) {
        if (!runs.get(i).run().id().equals(runId)) {
          return Optional.of(runs.get(i));
        }
      }
      return Optional.empty();
    }
  }

  /** Reads the history; a missing file is an empty history. */
  public Contents read() throws IOException {
    List<RunResults> runs = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    if (!Files.exists(file)) {
      return new Contents(runs, warnings);
    }
    List<String> lines = new ArrayList<>();
    boolean endsWithNewline;
    try (InputStream in = Files.newInputStream(file)) {
      byte[] all = in.readAllBytes();
      endsWithNewline = all.length == 0 || all[all.length - 1] == '\n';
      try (BufferedReader r = new BufferedReader(new java.io.StringReader(new String(all, StandardCharsets.UTF_8)))) {
        for (String l; (l = r.readLine()) != null; ) {
          lines.add(l);
        }
      }
    }
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      boolean last = i == lines.size() - 1;
      try {
        runs.add(HistoryCodec.decode(line, file + ":" + (i + 1)));
      } catch (TextException e) {
        warnings.add(last && !endsWithNewline
            ? "history " + file + ": ignored a torn last line (" + (i + 1) + "): " + e.reason()
            : "history " + file + ": skipped unreadable line " + (i + 1) + ": " + e.reason());
      }
    }
    return new Contents(runs, warnings);
  }

  /**
   * Appends {@code run} atomically. Returns false, and changes nothing, when a run with its
   * id is already recorded.
   */
  public boolean append(RunResults run) throws IOException {
    // File locks are per process; threads of this process queue on a lock of their own.
    java.util.concurrent.locks.ReentrantLock local = LOCAL_LOCKS.computeIfAbsent(file, f -> new java.util.concurrent.locks.ReentrantLock());
    local.lock();
    try {
      return appendLocked(run);
    } finally {
      local.unlock();
    }
  }

  private static final java.util.concurrent.ConcurrentMap<Path, java.util.concurrent.locks.ReentrantLock> LOCAL_LOCKS =
      new java.util.concurrent.ConcurrentHashMap<>();

  private boolean appendLocked(RunResults run) throws IOException {
    Files.createDirectories(file.getParent());
    Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
    try (FileChannel lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = lockChannel.lock()) {
      removeStaleTemporaries();
      if (Files.exists(file) && read().runs().stream().anyMatch(r -> r.run().id().equals(run.run().id()))) {
        return false;
      }
      byte[] line = (HistoryCodec.encode(run) + "\n").getBytes(StandardCharsets.UTF_8);
      ResultsJson.writeAtomically(file, out -> {
        if (Files.exists(file)) {
          long size = Files.size(file);
          try (InputStream in = Files.newInputStream(file)) {
            in.transferTo(out);
          }
          if (size > 0 && !endsWithNewline()) {
            out.write('\n'); // keep a torn line from swallowing the new one
          }
        }
        out.write(line);
        pauseBeforeRename();
      });
      forceDirectory();
      return true;
    }
  }

  /**
   * A fault-injection point for the kill tests: with the system property
   * {@code trellis.history.pauseBeforeRenameMillis} set, an append waits that long with its
   * temporary file written but not yet renamed, so a test can kill the process at exactly
   * that moment instead of hoping the scheduler lets it.
   */
  private static void pauseBeforeRename() throws IOException {
    long ms = Long.getLong("trellis.history.pauseBeforeRenameMillis", 0);
    if (ms > 0) {
      try {
        Thread.sleep(ms);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted before the history rename");
      }
    }
  }

  private boolean endsWithNewline() throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      if (ch.size() == 0) {
        return true;
      }
      java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1);
      ch.read(b, ch.size() - 1);
      return b.get(0) == '\n';
    }
  }

  /** Temporary files of appenders killed mid-way (we hold the lock, so none is live). */
  private void removeStaleTemporaries() throws IOException {
    String prefix = "." + file.getFileName() + ".";
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(file.getParent(), prefix + "*.tmp")) {
      for (Path p : ds) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Makes the rename itself durable (best effort: not every file system allows it). */
  private void forceDirectory() {
    try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // the rename is atomic regardless; only its durability across a power cut depends on this
    }
  }
}

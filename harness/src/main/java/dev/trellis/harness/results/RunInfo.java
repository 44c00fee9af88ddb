package dev.trellis.harness.results;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * What identifies one run (of certify, bench, wast, nightly): its id, an optional label
 * naming it as a baseline, when it ran, on which commit and machine.
 *
 * @param id the run id, {@code yyyyMMdd-HHmmss-<commit7>}, safe as a directory name
 * @param label an optional name to use it as a baseline by ({@code --baseline LABEL}), or null
 * @param started when the run started
 * @param finished when it finished, or null while it runs
 * @param gitCommit the repository's commit ({@code -dirty} appended when it had local changes),
 *     or {@code unknown}
 * @param machine the machine it ran on
 */
public record RunInfo(String id, String label, Instant started, Instant finished, String gitCommit,
    Machine machine) {

  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  public RunInfo {
    Objects.requireNonNull(id, "id");
    if (!id.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException("run id '" + id + "' must be letters, digits, '.', '_' or '-'");
    }
    started = started == null ? Instant.EPOCH : started;
    gitCommit = gitCommit == null ? "unknown" : gitCommit;
    machine = machine == null ? Machine.current() : machine;
  }

  /** A run starting now on this machine, at the commit of the repository at {@code repoRoot}. */
  public static RunInfo start(Path repoRoot, String label) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    String commit = gitCommit(repoRoot);
    String shortCommit = commit.equals("unknown") ? "nogit" : commit.substring(0, Math.min(7, commit.length()));
    return new RunInfo(ID_TIME.format(now) + "-" + shortCommit, label, now, null, commit, Machine.current());
  }

  /** This run, finished now. */
  public RunInfo finish() {
    return new RunInfo(id, label, started, Instant.now().truncatedTo(ChronoUnit.MILLIS), gitCommit, machine);
  }

  /** This run with another label. */
  public RunInfo withLabel(String newLabel) {
    return new RunInfo(id, newLabel, started, finished, gitCommit, machine);
  }

  /** The commit of the repository at {@code dir} (with {@code -dirty}), or {@code unknown}. */
  static String gitCommit(Path dir) {
    String head = git(dir, "rev-parse", "HEAD");
    if (head == null || !head.matches("[0-9a-f]{7,64}")) {
      return "unknown";
    }
    String status = git(dir, "status", "--porcelain", "--untracked-files=no");
    return status != null && !status.isEmpty() ? head + "-dirty" : head;
  }

  private static String git(Path dir, String... args) {
    String[] cmd = new String[args.length + 3];
    cmd[0] = "git";
    cmd[1] = "-C";
    cmd[2] = dir.toString();
    System.arraycopy(args, 0, cmd, 3, args.length);
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(false)
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return null;
      }
      return p.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8).trim() : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}

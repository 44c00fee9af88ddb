package dev.trellis.harness.spi;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * How a WASI command ended: its exit code ({@code wasi:cli/exit} status, 0 when {@code run}
 * returns {@code ok}, 1 for {@code err}), what it wrote, and the trap message when it
 * trapped (then {@code exitCode} is the runtime's code for a trap, non-zero), and, from a
 * runtime that records them, the WASI functions the guest called
 * ({@code wasi:io/streams#[method]output-stream.write}, sorted; null when not recorded).
 */
public record WasiResult(int exitCode, byte[] stdout, byte[] stderr, String trap, List<String> hostCalls) {
  public WasiResult {
    stdout = stdout.clone();
    stderr = stderr.clone();
    hostCalls = hostCalls == null ? null : List.copyOf(hostCalls);
  }

  /** A result from a runtime that does not record which host functions were called. */
  public WasiResult(int exitCode, byte[] stdout, byte[] stderr, String trap) {
    this(exitCode, stdout, stderr, trap, null);
  }

  @Override
  public byte[] stdout() {
    return stdout.clone();
  }

  @Override
  public byte[] stderr() {
    return stderr.clone();
  }

  public String stdoutText() {
    return new String(stdout, StandardCharsets.UTF_8);
  }

  public String stderrText() {
    return new String(stderr, StandardCharsets.UTF_8);
  }

  public boolean trapped() {
    return trap != null;
  }
}

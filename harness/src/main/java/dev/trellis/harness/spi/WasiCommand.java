package dev.trellis.harness.spi;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to run a WASI command: arguments (without the program name, which runtimes supply
 * as {@code argv[0]}), environment, preopened directories, stdin, and a deadline.
 * Nothing is inherited from the host.
 */
public record WasiCommand(
    List<String> args, Map<String, String> env, List<Preopen> preopens, byte[] stdin, Duration timeout) {

  /** A host directory visible to the guest at {@code guestPath}. */
  public record Preopen(Path hostPath, String guestPath, boolean readOnly) {
    public Preopen {
      Objects.requireNonNull(hostPath);
      Objects.requireNonNull(guestPath);
    }
  }

  public WasiCommand {
    args = List.copyOf(args);
    env = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(env));
    preopens = List.copyOf(preopens);
    stdin = stdin == null ? new byte[0] : stdin.clone();
    Objects.requireNonNull(timeout);
  }

  public static WasiCommand of(String... args) {
    return new WasiCommand(List.of(args), Map.of(), List.of(), new byte[0], Duration.ofSeconds(60));
  }

  public WasiCommand withEnv(Map<String, String> e) {
    return new WasiCommand(args, e, preopens, stdin, timeout);
  }

  public WasiCommand withPreopens(List<Preopen> p) {
    return new WasiCommand(args, env, p, stdin, timeout);
  }

  public WasiCommand withStdin(byte[] in) {
    return new WasiCommand(args, env, preopens, in, timeout);
  }

  public WasiCommand withTimeout(Duration t) {
    return new WasiCommand(args, env, preopens, stdin, t);
  }

  @Override
  public byte[] stdin() {
    return stdin.clone();
  }
}

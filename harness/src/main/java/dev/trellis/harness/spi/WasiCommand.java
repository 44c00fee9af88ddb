package dev.trellis.harness.spi;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to run a WASI command: arguments (without the program name, which runtimes supply
 * as {@code argv[0]}), environment, preopened directories, stdin, a deadline, and the network
 * and outgoing HTTP the guest may use. Nothing is inherited from the host and nothing is
 * granted unless listed here.
 *
 * @param network network grants for {@code wasi:sockets} (TCP and UDP, binding and connecting):
 *     {@code *}, {@code ADDR}, {@code ADDR/PREFIX}, {@code ADDR:PORT}, {@code [V6]:PORT}. Empty:
 *     no network at all. A runtime that cannot restrict the network to the listed addresses
 *     grants all of it when the list is non-empty (Wasmtime's C API), and says so in its docs.
 * @param ipNameLookup whether {@code wasi:sockets/ip-name-lookup} may resolve names
 * @param http authorities {@code wasi:http/outgoing-handler} may reach: {@code *}, {@code host},
 *     {@code host:port}, {@code *.domain}. Empty: no outgoing HTTP. As for the network, a runtime
 *     without an allow-list allows every authority when the list is non-empty.
 */
public record WasiCommand(
    List<String> args, Map<String, String> env, List<Preopen> preopens, byte[] stdin, Duration timeout,
    List<String> network, boolean ipNameLookup, List<String> http) {

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
    network = List.copyOf(network);
    http = List.copyOf(http);
  }

  /** No network and no outgoing HTTP. */
  public WasiCommand(List<String> args, Map<String, String> env, List<Preopen> preopens, byte[] stdin, Duration timeout) {
    this(args, env, preopens, stdin, timeout, List.of(), false, List.of());
  }

  public static WasiCommand of(String... args) {
    return new WasiCommand(List.of(args), Map.of(), List.of(), new byte[0], Duration.ofSeconds(60));
  }

  public WasiCommand withEnv(Map<String, String> e) {
    return new WasiCommand(args, e, preopens, stdin, timeout, network, ipNameLookup, http);
  }

  public WasiCommand withPreopens(List<Preopen> p) {
    return new WasiCommand(args, env, p, stdin, timeout, network, ipNameLookup, http);
  }

  public WasiCommand withStdin(byte[] in) {
    return new WasiCommand(args, env, preopens, in, timeout, network, ipNameLookup, http);
  }

  public WasiCommand withTimeout(Duration t) {
    return new WasiCommand(args, env, preopens, stdin, t, network, ipNameLookup, http);
  }

  /** Grants these network addresses (see {@link #network()}). */
  public WasiCommand withNetwork(List<String> grants) {
    return new WasiCommand(args, env, preopens, stdin, timeout, grants, ipNameLookup, http);
  }

  public WasiCommand withIpNameLookup(boolean allow) {
    return new WasiCommand(args, env, preopens, stdin, timeout, network, allow, http);
  }

  /** Allows outgoing HTTP to these authorities (see {@link #http()}). */
  public WasiCommand withHttp(List<String> authorities) {
    return new WasiCommand(args, env, preopens, stdin, timeout, network, ipNameLookup, authorities);
  }

  @Override
  public byte[] stdin() {
    return stdin.clone();
  }
}

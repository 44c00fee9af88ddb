package dev.trellis.harness.spi;

import java.net.InetSocketAddress;
import java.util.Set;

/**
 * An opened runtime. Thread-confined: one caller at a time. {@link #close()} releases every
 * loaded module, instance, library handle and worker process it started.
 *
 * <p>Every operation either returns or throws {@link RuntimeFailure}; an operation the runtime
 * cannot do throws {@link RuntimeFailure.Kind#UNSUPPORTED}, which callers check through
 * {@link #features()} beforehand where they can.
 */
public interface Runtime extends AutoCloseable {
  /** The provider's id. */
  String id();

  /** The runtime's own version string, e.g. {@code 49.0.0}. */
  String version();

  /** How it runs, where it was found (e.g. {@code JIT (GraalVM CE via JVMCI)}). */
  String detail();

  Set<Feature> features();

  default boolean supports(Feature f) {
    return features().contains(f);
  }

  /**
   * Decodes, validates and compiles a core module or component. Throws {@code MALFORMED} or
   * {@code INVALID} for bad binaries, {@code UNSUPPORTED} for a kind the runtime lacks.
   */
  Loaded load(Wasm wasm);

  /**
   * Loads under a feature profile: wasm-tools feature names as a script's {@code ;; RUN:} line
   * writes them (a leading {@code -} turns one off). A runtime that can validate under a
   * given profile does so (the reference engine); the default loads under the runtime's own
   * configuration, as {@link #load(Wasm)}.
   */
  default Loaded load(Wasm wasm, java.util.List<String> features) {
    return load(wasm);
  }

  /** Validation only: succeeds or throws as {@link #load} would. */
  default void validate(Wasm wasm) {
    load(wasm).close();
  }

  /**
   * Instantiates without host imports beyond what the runtime always provides. Throws
   * {@code UNLINKABLE} on import problems and {@code TRAP} if a start function traps.
   */
  Instance instantiate(Loaded loaded);

  /** Runs a {@code wasi:cli/command} component to completion. */
  default WasiResult runCommand(Wasm command, WasiCommand how) {
    throw RuntimeFailure.unsupported(id() + " does not run WASI commands");
  }

  /** Serves a {@code wasi:http/proxy} component on {@code address} (port 0: any free port). */
  default HttpService serveHttp(Wasm proxy, InetSocketAddress address) {
    throw RuntimeFailure.unsupported(id() + " does not serve wasi:http");
  }

  @Override
  void close();
}

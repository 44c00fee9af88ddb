package dev.trellis.spectests;

import dev.trellis.engine.text.WastRunLine;
import dev.trellis.harness.spi.Feature;
import dev.trellis.harness.spi.Instance;
import dev.trellis.harness.spi.Loaded;
import dev.trellis.harness.spi.RuntimeFailure;
import dev.trellis.harness.spi.Wasm;
import java.util.EnumSet;
import java.util.Set;

/**
 * What the spec runner does with the modules of a script: the one seam between the WAST
 * runner and whatever checks the binaries. The runner assembles every text form itself (the
 * text format is Trellis' own front end) and hands each binary to the target; a target
 * rejects one by throwing {@link RuntimeFailure} ({@code MALFORMED}, {@code INVALID}, ...).
 *
 * <ul>
 *   <li>{@code parse} ({@link ParseOnlyTarget}): binaries must decode; nothing validates or runs.
 *   <li>{@code validate}: binaries must validate under the run line's features, and
 *       {@code assert_invalid} modules must be rejected.
 *   <li>{@code execute} ({@link RuntimeTarget} over any {@code harness.spi.Runtime}): modules
 *       are instantiated and actions run; wasm-tools' scripts are validated as wasm-tools'
 *       {@code wast} does, their modules instantiated only for an action.
 * </ul>
 */
public interface WastTarget extends AutoCloseable {

  /** The runtime id the results are reported under and whose expectations file applies. */
  String runtime();

  /**
   * The mode, {@code parse}, {@code validate} or {@code execute}: expectations may name it. An
   * executing target runs wasm-tools' scripts in {@code validate} mode
   * ({@link WastSemantics#VALIDATE}); {@link WastSession#mode()} is the mode of one run.
   */
  String mode();

  /**
   * The features the target declares: a script needing one it lacks is reported unsupported
   * ({@link Support}). Parsing and validating take every feature profile.
   */
  default Set<Feature> features() {
    return EnumSet.allOf(Feature.class);
  }

  /** True if {@link #load} validates, so {@code assert_invalid} modules must be rejected. */
  boolean validates();

  /** True if modules are instantiated and actions run (when, the script's {@link WastSemantics} says). */
  boolean executes();

  /**
   * Accepts a binary the script defines (decode, and validate if {@link #validates()}) or
   * rejects it with a {@link RuntimeFailure}.
   *
   * @param run the {@code ;; RUN:} line the script runs under (its features)
   */
  Loaded load(Wasm wasm, WastRunLine run);

  /** Instantiates a loaded module (only when {@link #executes()}). */
  default Instance instantiate(Loaded loaded) {
    throw RuntimeFailure.unsupported(runtime() + " (" + mode() + ") does not instantiate");
  }

  @Override
  default void close() {}
}

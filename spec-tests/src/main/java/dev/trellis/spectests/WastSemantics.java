package dev.trellis.spectests;

import dev.trellis.engine.text.WastRunLine;

/**
 * What a run of a script does with its module forms, as the tool the script was written for
 * does it. Chosen per run from the script's {@code ;; RUN:} line, so every caller of the runner
 * ({@code trellis wast}, {@code trellis certify}, the JUnit suites) treats a script alike.
 */
public enum WastSemantics {
  /**
   * The spec interpreter's: every module form is instantiated where it is defined and actions
   * run on it. Scripts without a run line: the Component Model's reference tests (which
   * Wasmtime runs with {@code wasmtime wast}) and Trellis's own regression scripts.
   */
  INSTANTIATE("execute"),
  /**
   * wasm-tools' {@code wast} tool, which a {@code ;; RUN: wast ...} line names: module forms
   * are validated (wasm-tools' {@code wast} executes nothing, and most of these components
   * import what no host provides); on an executing target a module is instantiated only when
   * an action ({@code invoke}, {@code assert_return}, {@code assert_trap},
   * {@code assert_exhaustion}) first needs it, so the scripts' actions still run.
   */
  VALIDATE("validate");

  private final String mode;

  WastSemantics(String mode) {
    this.mode = mode;
  }

  /** The semantics of a run: {@link #VALIDATE} for a script's own {@code ;; RUN: wast} line. */
  public static WastSemantics of(WastRunLine run) {
    return run.line() > 0 ? VALIDATE : INSTANTIATE;
  }

  /**
   * The mode a run on an executing target is reported in and its expectations are looked up
   * under: {@code execute}, or {@code validate} for wasm-tools' scripts.
   */
  public String executingMode() {
    return mode;
  }
}

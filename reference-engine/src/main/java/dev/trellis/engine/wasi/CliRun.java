package dev.trellis.engine.wasi;

import dev.trellis.engine.runtime.Instance;
import dev.trellis.engine.runtime.Val;

/**
 * {@code wasi:cli/run}, the one WASI interface of the command world that the guest exports:
 * the host calls its {@code run}.
 */
final class CliRun {
  private CliRun() {}

  /** Calls {@code run} of the exported instance {@code export}: 0 for {@code ok}, 1 for {@code err}. */
  static int run(Instance instance, String export) {
    Val r = instance.instance(export).func("run").call();
    return r instanceof Val.ResultOf res && !res.isOk() ? 1 : 0;
  }
}

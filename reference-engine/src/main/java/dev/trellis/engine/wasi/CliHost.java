package dev.trellis.engine.wasi;

import dev.trellis.engine.error.TrapException;
import dev.trellis.engine.error.TrapKind;

/** What the {@code wasi:cli} hosts share. ({@code run} is the guest's export; see {@link WasiCommandRunner}.) */
final class CliHost {
  private CliHost() {}

  /** The host object behind a {@code terminal-input} or {@code terminal-output}. */
  record Terminal(String name) {}

  static TrapException exit(WasiState s, int code) {
    s.exitCode = code;
    return new TrapException(TrapKind.EXIT, "exit status " + code);
  }

  static boolean tty() {
    return System.console() != null && System.console().isTerminal();
  }
}

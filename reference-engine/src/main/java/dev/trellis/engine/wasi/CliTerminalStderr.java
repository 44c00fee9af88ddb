package dev.trellis.engine.wasi;

import static dev.trellis.engine.wasi.CliHost.*;

import dev.trellis.engine.link.Linker;
import java.util.function.Function;

/** The host of {@code wasi:cli/terminal-stderr}: a terminal only when stderr is the host's and a terminal. */
final class CliTerminalStderr {
  private CliTerminalStderr() {}

  static <T> void define(Linker<T> l, Function<T, WasiState> view) {
    new HostIface<>(l, view, "wasi:cli/terminal-stderr")
        .func("get-terminal-stderr", (s, a) -> s.ctx.stderrTerminal
            ? V.some(V.own(WasiTypes.TERMINAL_OUTPUT, s.table.push(new Terminal("stderr")))) : V.NONE)
        .done();
  }
}

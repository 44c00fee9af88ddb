package dev.trellis.engine.wasi;

import static dev.trellis.engine.wasi.CliHost.*;

import dev.trellis.engine.link.Linker;
import java.util.function.Function;

/** The host of {@code wasi:cli/terminal-stdout}: a terminal only when stdout is the host's and a terminal. */
final class CliTerminalStdout {
  private CliTerminalStdout() {}

  static <T> void define(Linker<T> l, Function<T, WasiState> view) {
    new HostIface<>(l, view, "wasi:cli/terminal-stdout")
        .func("get-terminal-stdout", (s, a) -> s.ctx.stdoutTerminal
            ? V.some(V.own(WasiTypes.TERMINAL_OUTPUT, s.table.push(new Terminal("stdout")))) : V.NONE)
        .done();
  }
}

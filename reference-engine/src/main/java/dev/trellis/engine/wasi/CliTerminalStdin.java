package dev.trellis.engine.wasi;

import static dev.trellis.engine.wasi.CliHost.*;

import dev.trellis.engine.link.Linker;
import java.util.function.Function;

/** The host of {@code wasi:cli/terminal-stdin}: a terminal only when stdin is the host's and a terminal. */
final class CliTerminalStdin {
  private CliTerminalStdin() {}

  static <T> void define(Linker<T> l, Function<T, WasiState> view) {
    new HostIface<>(l, view, "wasi:cli/terminal-stdin")
        .func("get-terminal-stdin", (s, a) -> s.ctx.stdinInherited && tty()
            ? V.some(V.own(WasiTypes.TERMINAL_INPUT, s.table.push(new Terminal("stdin")))) : V.NONE)
        .done();
  }
}

package dev.trellis.engine.wasi;

import static dev.trellis.engine.wasi.CliHost.*;

import dev.trellis.engine.link.Linker;
import java.util.function.Function;

/** The host of {@code wasi:cli/terminal-output}: the resource only. */
final class CliTerminalOutput {
  private CliTerminalOutput() {}

  static <T> void define(Linker<T> l, Function<T, WasiState> view) {
    new HostIface<>(l, view, "wasi:cli/terminal-output").done();
  }
}

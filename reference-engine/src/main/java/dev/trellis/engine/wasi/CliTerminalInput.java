package dev.trellis.engine.wasi;

import static dev.trellis.engine.wasi.CliHost.*;

import dev.trellis.engine.link.Linker;
import java.util.function.Function;

/** The host of {@code wasi:cli/terminal-input}: the resource only. */
final class CliTerminalInput {
  private CliTerminalInput() {}

  static <T> void define(Linker<T> l, Function<T, WasiState> view) {
    new HostIface<>(l, view, "wasi:cli/terminal-input").done();
  }
}

package dev.trellis.engine.wasi;

import dev.trellis.engine.link.Linker;
import java.util.function.Function;

/** The host of {@code wasi:cli/stderr}: where the {@link WasiCtx} sends it (nowhere by default). */
final class CliStderr {
  private CliStderr() {}

  static <T> void define(Linker<T> l, Function<T, WasiState> view) {
    new HostIface<>(l, view, "wasi:cli/stderr")
        .func("get-stderr", (s, a) -> V.own(WasiTypes.OUTPUT_STREAM, s.table.push(s.stderr())))
        .done();
  }
}

package dev.trellis.engine.wasi;

import dev.trellis.engine.link.Linker;
import java.util.function.Function;

/** The host of {@code wasi:cli/stdout}: where the {@link WasiCtx} sends it (nowhere by default). */
final class CliStdout {
  private CliStdout() {}

  static <T> void define(Linker<T> l, Function<T, WasiState> view) {
    new HostIface<>(l, view, "wasi:cli/stdout")
        .func("get-stdout", (s, a) -> V.own(WasiTypes.OUTPUT_STREAM, s.table.push(s.stdout())))
        .done();
  }
}

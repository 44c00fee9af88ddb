package dev.trellis.engine.wasi;

import dev.trellis.engine.link.Linker;
import java.util.function.Function;

/** The host of {@code wasi:cli/stdin}: the stdin the {@link WasiCtx} grants (empty by default). */
final class CliStdin {
  private CliStdin() {}

  static <T> void define(Linker<T> l, Function<T, WasiState> view) {
    new HostIface<>(l, view, "wasi:cli/stdin")
        .func("get-stdin", (s, a) -> V.own(WasiTypes.INPUT_STREAM, s.table.push(new Streams.SharedInput(s.stdin()))))
        .done();
  }
}

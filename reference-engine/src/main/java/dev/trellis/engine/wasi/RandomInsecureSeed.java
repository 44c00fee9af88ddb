package dev.trellis.engine.wasi;

import static dev.trellis.engine.wasi.RandomHost.*;

import dev.trellis.engine.link.Linker;
import java.util.function.Function;

/** The host of {@code wasi:random/insecure-seed}. */
final class RandomInsecureSeed {
  private RandomInsecureSeed() {}

static <T> void define(Linker<T> l, Function<T, WasiState> view) {
    new HostIface<>(l, view, "wasi:random/insecure-seed")
        .func("insecure-seed", (s, a) -> V.tuple(V.u64(s.ctx.insecureSeed[0]), V.u64(s.ctx.insecureSeed[1])))
        .done();
  }
}

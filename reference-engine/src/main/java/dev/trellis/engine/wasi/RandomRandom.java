package dev.trellis.engine.wasi;

import static dev.trellis.engine.wasi.RandomHost.*;

import dev.trellis.engine.link.Linker;
import java.util.function.Function;

/** The host of {@code wasi:random/random}. */
final class RandomRandom {
  private RandomRandom() {}

static <T> void define(Linker<T> l, Function<T, WasiState> view) {
    new HostIface<>(l, view, "wasi:random/random")
        .func("get-random-bytes", (s, a) -> bytes(s.ctx.random, V.u64(a[0])))
        .func("get-random-u64", (s, a) -> V.u64(next(s.ctx.random)))
        .done();
  }
}

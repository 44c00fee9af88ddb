package dev.trellis.engine.wasi;

import static dev.trellis.engine.wasi.RandomHost.*;

import dev.trellis.engine.link.Linker;
import java.util.function.Function;

/** The host of {@code wasi:random/insecure}. */
final class RandomInsecure {
  private RandomInsecure() {}

static <T> void define(Linker<T> l, Function<T, WasiState> view) {
    new HostIface<>(l, view, "wasi:random/insecure")
        .func("get-insecure-random-bytes", (s, a) -> bytes(s.ctx.insecureRandom, V.u64(a[0])))
        .func("get-insecure-random-u64", (s, a) -> V.u64(next(s.ctx.insecureRandom)))
        .done();
  }
}

package dev.trellis.engine.wasi;

import static dev.trellis.engine.wasi.ClocksHost.*;

import dev.trellis.engine.link.Linker;
import java.time.Duration;
import java.util.function.Function;

/** The host of {@code wasi:clocks/wall-clock}. */
final class ClocksWallClock {
  private ClocksWallClock() {}

static <T> void define(Linker<T> l, Function<T, WasiState> view) {
    new HostIface<>(l, view, "wasi:clocks/wall-clock")
        .func("now", (s, a) -> datetime(s.ctx.wallClock.now()))
        .func("resolution", (s, a) -> {
          Duration r = s.ctx.wallClock.resolution();
          return V.datetime(r.getSeconds(), r.getNano());
        })
        .done();
  }
}

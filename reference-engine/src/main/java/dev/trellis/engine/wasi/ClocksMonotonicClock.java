package dev.trellis.engine.wasi;

import static dev.trellis.engine.wasi.ClocksHost.*;

import dev.trellis.engine.link.Linker;
import java.util.function.Function;

/** The host of {@code wasi:clocks/monotonic-clock}. */
final class ClocksMonotonicClock {
  private ClocksMonotonicClock() {}

static <T> void define(Linker<T> l, Function<T, WasiState> view) {
    new HostIface<>(l, view, "wasi:clocks/monotonic-clock")
        .func("now", (s, a) -> V.u64(s.ctx.monotonicClock.now()))
        .func("resolution", (s, a) -> V.u64(s.ctx.monotonicClock.resolution()))
        .func("subscribe-instant", (s, a) -> {
          WasiCtx.MonotonicClock c = s.ctx.monotonicClock;
          long when = V.u64(a[0]);
          long now = c.now();
          return V.own(WasiTypes.POLLABLE, s.table.push(new ClockPollable(c, when, delta(when, now))));
        })
        .func("subscribe-duration", (s, a) -> {
          WasiCtx.MonotonicClock c = s.ctx.monotonicClock;
          long d = V.u64(a[0]);
          long now = c.now();
          long when = now + d;
          if (Long.compareUnsigned(when, now) < 0) {
            when = -1L; // saturate at the largest instant
          }
          return V.own(WasiTypes.POLLABLE, s.table.push(new ClockPollable(c, when, d)));
        })
        .done();
  }
}

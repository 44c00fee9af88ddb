package dev.trellis.engine.wasi;

import dev.trellis.engine.link.Linker;
import dev.trellis.engine.runtime.Val;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.function.Function;

/** {@code wasi:clocks}: {@code monotonic-clock}, {@code wall-clock}, and the unstable {@code timezone}. */
final class ClocksHost {
  private ClocksHost() {}

  static <T> void monotonic(Linker<T> l, Function<T, WasiState> view) {
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

  /** Unsigned {@code when - now}, 0 if already past, saturating. */
  private static long delta(long when, long now) {
    return Long.compareUnsigned(when, now) <= 0 ? 0 : when - now;
  }

  static <T> void wall(Linker<T> l, Function<T, WasiState> view) {
    new HostIface<>(l, view, "wasi:clocks/wall-clock")
        .func("now", (s, a) -> datetime(s.ctx.wallClock.now()))
        .func("resolution", (s, a) -> {
          Duration r = s.ctx.wallClock.resolution();
          return V.datetime(r.getSeconds(), r.getNano());
        })
        .done();
  }

  static Val datetime(Instant t) {
    long secs = Math.max(0, t.getEpochSecond());
    return V.datetime(secs, t.getEpochSecond() < 0 ? 0 : t.getNano());
  }

  static <T> void timezone(Linker<T> l, Function<T, WasiState> view) {
    new HostIface<>(l, view, "wasi:clocks/timezone")
        .func("display", (s, a) -> {
          Instant when = instant(a[0]);
          ZoneId z = s.ctx.timezone;
          int offset = z.getRules().getOffset(when).getTotalSeconds();
          boolean dst = z.getRules().isDaylightSavings(when);
          String name = z.getId().equals("Z") ? "UTC" : z.getDisplayName(TextStyle.SHORT, Locale.ROOT);
          return V.record("utc-offset", V.s32(offset), "name", V.str(name), "in-daylight-saving-time", V.bool(dst));
        })
        .func("utc-offset", (s, a) -> V.s32(s.ctx.timezone.getRules().getOffset(instant(a[0])).getTotalSeconds()))
        .done();
  }

  private static Instant instant(Val datetime) {
    long secs = V.u64(V.field(datetime, "seconds"));
    long nanos = V.u32(V.field(datetime, "nanoseconds"));
    if (secs < 0 || secs > Instant.MAX.getEpochSecond()) {
      secs = Instant.MAX.getEpochSecond();
    }
    return Instant.ofEpochSecond(secs, Math.min(nanos, 999_999_999));
  }

  /**
   * Ready when the clock reaches {@code when}, or when {@code realNanos} of real time have passed,
   * whichever is first (so an injected clock that stands still cannot hang the guest).
   */
  static final class ClockPollable extends Pollable {
    private final WasiCtx.MonotonicClock clock;
    private final long when;
    private final long realAt;

    ClockPollable(WasiCtx.MonotonicClock clock, long when, long realNanos) {
      this.clock = clock;
      this.when = when;
      long start = System.nanoTime();
      long at = start + realNanos;
      this.realAt = realNanos < 0 || at - start < 0 ? Long.MAX_VALUE : at;
    }

    @Override
    boolean ready() {
      return Long.compareUnsigned(clock.now(), when) >= 0 || System.nanoTime() - realAt >= 0;
    }

    @Override
    long readyAtNanos() {
      return realAt;
    }
  }
}

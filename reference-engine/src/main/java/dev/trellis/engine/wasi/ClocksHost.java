package dev.trellis.engine.wasi;

import dev.trellis.engine.runtime.Val;
import java.time.Instant;

/** What the {@code wasi:clocks} hosts share: datetimes and the monotonic clock's pollable. */
final class ClocksHost {
  private ClocksHost() {}

  /** Unsigned {@code when - now}, 0 if already past, saturating. */
  static long delta(long when, long now) {
    return Long.compareUnsigned(when, now) <= 0 ? 0 : when - now;
  }

  static Val datetime(Instant t) {
    long secs = Math.max(0, t.getEpochSecond());
    return V.datetime(secs, t.getEpochSecond() < 0 ? 0 : t.getNano());
  }

  static Instant instant(Val datetime) {
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

package dev.trellis.engine.wasi;

import static dev.trellis.engine.wasi.ClocksHost.*;

import dev.trellis.engine.link.Linker;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.function.Function;

/** The host of the unstable {@code wasi:clocks/timezone} (the zone of the {@link WasiCtx}, UTC by default). */
final class ClocksTimezone {
  private ClocksTimezone() {}

static <T> void define(Linker<T> l, Function<T, WasiState> view) {
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
}

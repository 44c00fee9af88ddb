package dev.trellis.engine.wasi;

import static dev.trellis.engine.wasi.CliHost.*;

import dev.trellis.engine.link.Linker;
import dev.trellis.engine.runtime.Val;
import java.util.function.Function;

/** The host of {@code wasi:cli/exit}: records the status and ends the run with an {@code EXIT} trap. */
final class CliExit {
  private CliExit() {}

static <T> void define(Linker<T> l, Function<T, WasiState> view) {
    new HostIface<>(l, view, "wasi:cli/exit")
        .func("exit", (s, a) -> {
          boolean ok = a[0] instanceof Val.ResultOf r && r.isOk();
          throw exit(s, ok ? 0 : 1);
        })
        .func("exit-with-code", (s, a) -> {
          throw exit(s, V.u8(a[0]));
        })
        .done();
  }
}

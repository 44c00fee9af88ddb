package dev.trellis.engine.wasi;

import static dev.trellis.engine.wasi.CliHost.*;

import dev.trellis.engine.link.Linker;
import dev.trellis.engine.runtime.Val;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The host of {@code wasi:cli/environment}: arguments and environment from the {@link WasiCtx}; no initial directory. */
final class CliEnvironment {
  private CliEnvironment() {}

static <T> void define(Linker<T> l, Function<T, WasiState> view) {
    new HostIface<>(l, view, "wasi:cli/environment")
        .func("get-environment", (s, a) -> {
          List<Val> out = new ArrayList<>(s.ctx.env.size());
          for (Map.Entry<String, String> e : s.ctx.env) {
            out.add(V.tuple(V.str(e.getKey()), V.str(e.getValue())));
          }
          return V.list(out);
        })
        .func("get-arguments", (s, a) -> V.list(s.ctx.args.stream().map(V::str).toList()))
        .func("initial-cwd", (s, a) -> V.NONE)
        .done();
  }
}

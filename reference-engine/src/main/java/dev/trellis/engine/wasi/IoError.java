package dev.trellis.engine.wasi;

import static dev.trellis.engine.wasi.IoHost.*;

import dev.trellis.engine.link.Linker;
import java.util.function.Function;

/** The host of {@code wasi:io/error}. */
final class IoError {
  private IoError() {}

  static <T> void define(Linker<T> l, Function<T, WasiState> view) {
    new HostIface<>(l, view, "wasi:io/error")
        .func("[method]error.to-debug-string", (s, a) -> V.str(s.table.get(V.rep(a[0]), StreamError.IoError.class).message()))
        .done();
  }
}

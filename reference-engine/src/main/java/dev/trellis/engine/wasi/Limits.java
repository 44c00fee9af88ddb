package dev.trellis.engine.wasi;

import dev.trellis.engine.runtime.Store;

/** Applies a {@link WasiCtx.Limits} to a store. */
final class Limits {
  private Limits() {}

  static void apply(Store<?> store, WasiCtx.Limits l) {
    if (l.deadline() != null) {
      store.setCallTimeout(l.deadline());
    }
    if (l.fuel() != Long.MAX_VALUE) {
      store.setFuel(l.fuel());
    }
    if (l.maxMemoryBytes() > 0) {
      store.setMemoryLimit(l.maxMemoryBytes());
    }
    if (l.maxTableElements() > 0) {
      store.setTableLimit(l.maxTableElements());
    }
  }
}

package dev.trellis.engine.core;

import com.dylibso.chicory.runtime.GlobalInstance;

/** A core global, shared by reference wherever it is imported or aliased. */
public final class CoreGlobal implements CoreExtern {
  final GlobalInstance global;

  CoreGlobal(GlobalInstance global) {
    this.global = global;
  }

  /** The raw bits of the value (the {@link dev.trellis.engine.abi.FlatType} encoding for numbers). */
  public long value() {
    return global.getValue();
  }
}

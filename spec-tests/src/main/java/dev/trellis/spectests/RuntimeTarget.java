package dev.trellis.spectests;

import dev.trellis.engine.text.WastRunLine;
import dev.trellis.harness.spi.Feature;
import dev.trellis.harness.spi.Instance;
import dev.trellis.harness.spi.Loaded;
import dev.trellis.harness.spi.Runtime;
import dev.trellis.harness.spi.Wasm;
import java.util.Set;

/**
 * Runs scripts on any runtime of the harness SPI ({@code trellis wast --runtime ID}): modules
 * are loaded (decoded, validated, compiled) by the runtime, instantiated, and actions invoked.
 * The run line's features are offered to the runtime ({@code Runtime.load(Wasm, List)}): the
 * reference engine ({@code trellis*}) validates under them; a runtime that cannot take a
 * profile applies its own. Scripts of wasm-tools ({@code ;; RUN: wast}) are validated and their
 * modules instantiated only for an action ({@link WastSemantics}); a case needing a feature the
 * runtime does not declare, or that the runtime fails as unsupported, is reported unsupported
 * ({@link Support}).
 */
public final class RuntimeTarget implements WastTarget {
  private final Runtime runtime;

  public RuntimeTarget(Runtime runtime) {
    this.runtime = runtime;
  }

  @Override
  public String runtime() {
    return runtime.id();
  }

  @Override
  public String mode() {
    return "execute";
  }

  @Override
  public Set<Feature> features() {
    return runtime.features();
  }

  @Override
  public boolean validates() {
    return true;
  }

  @Override
  public boolean executes() {
    return true;
  }

  @Override
  public Loaded load(Wasm wasm, WastRunLine run) {
    return runtime.load(wasm, run.features());
  }

  @Override
  public Instance instantiate(Loaded loaded) {
    return runtime.instantiate(loaded);
  }

  @Override
  public void close() {
    runtime.close();
  }
}

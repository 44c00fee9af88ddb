package dev.trellis.spectests;

import dev.trellis.engine.text.WastRunLine;
import dev.trellis.harness.spi.Instance;
import dev.trellis.harness.spi.Loaded;
import dev.trellis.harness.spi.Runtime;
import dev.trellis.harness.spi.Wasm;

/**
 * Runs scripts on any runtime of the harness SPI ({@code trellis wast --runtime ID}): modules
 * are loaded (decoded, validated, compiled) by the runtime, instantiated, and actions invoked.
 * The runtime's own feature profile applies; for the reference engine ({@code trellis*}) a
 * component must also validate under the features the run line names.
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
  public boolean validates() {
    return true;
  }

  @Override
  public boolean executes() {
    return true;
  }

  @Override
  public Loaded load(Wasm wasm, WastRunLine run) {
    if (runtime.id().startsWith("trellis") && wasm.kind() == Wasm.Kind.COMPONENT) {
      // The reference engine's runtime validates with every feature on; a script's run line
      // names the profile it must be valid under, so gated features are checked here first.
      new ValidateTarget().load(wasm, run);
    }
    return runtime.load(wasm);
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

package dev.trellis.spectests;

import dev.trellis.engine.binary.Bytes;
import dev.trellis.engine.binary.Component;
import dev.trellis.engine.binary.ComponentDecoder;
import dev.trellis.engine.core.CoreModules;
import dev.trellis.engine.error.InvalidException;
import dev.trellis.engine.error.MalformedException;
import dev.trellis.engine.text.WastRunLine;
import dev.trellis.engine.validate.Features;
import dev.trellis.engine.validate.Validator;
import dev.trellis.harness.spi.Loaded;
import dev.trellis.harness.spi.RuntimeFailure;
import dev.trellis.harness.spi.Wasm;

/**
 * {@code trellis wast --validate-only}: every binary the script defines is decoded and
 * validated by the reference engine under the features of the script's run line; modules the
 * script expects to be valid must validate and {@code assert_invalid} modules must be
 * rejected. Nothing is instantiated or run.
 */
public final class ValidateTarget implements WastTarget {

  @Override
  public String runtime() {
    return "trellis";
  }

  @Override
  public String mode() {
    return "validate";
  }

  @Override
  public boolean validates() {
    return true;
  }

  @Override
  public boolean executes() {
    return false;
  }

  /** The validation profile of a run line: its {@code -f} features applied to the default. */
  public static Features features(WastRunLine run) {
    return Features.DEFAULT.applyKnown(run.features());
  }

  @Override
  public Loaded load(Wasm wasm, WastRunLine run) {
    byte[] bytes = wasm.bytes();
    try {
      switch (wasm.kind()) {
        case COMPONENT -> {
          Component c = ComponentDecoder.decode(bytes);
          Validator.validate(c, features(run));
        }
        case CORE_MODULE -> CoreModules.inspect(Bytes.wrap(bytes), 0);
        case UNKNOWN -> throw new RuntimeFailure(RuntimeFailure.Kind.MALFORMED,
            "not a WebAssembly binary: bad magic, version or layer");
      }
    } catch (MalformedException e) {
      throw new RuntimeFailure(RuntimeFailure.Kind.MALFORMED, e.getMessage(), e);
    } catch (InvalidException e) {
      throw new RuntimeFailure(RuntimeFailure.Kind.INVALID, e.getMessage(), e);
    }
    return () -> wasm;
  }
}

package dev.trellis.engine.validate;

import dev.trellis.engine.binary.Component;
import dev.trellis.engine.error.InvalidException;
import dev.trellis.engine.error.MalformedException;

/**
 * Validates components (Explainer.md, Binary.md, CanonicalABI.md#canonical-definitions).
 *
 * <pre>{@code
 * ComponentInfo info = Validator.validate(ComponentDecoder.decode(bytes), Features.DEFAULT);
 * }</pre>
 */
public final class Validator {
  private Validator() {}

  /**
   * Validates {@code component} under {@code features}.
   *
   * @return everything validation resolved, for the runtime to instantiate from
   * @throws InvalidException if the component breaks a validation rule; the exception carries
   *     the byte offset of the offending item (or -1 for the component as a whole)
   * @throws MalformedException if an embedded core module's bytes are not a module (core
   *     modules are decoded by validation, so this is the one decoding error it can report)
   */
  public static ComponentInfo validate(Component component, Features features) {
    CoreTypeKeys.set(new CoreTypeKeys());
    try {
      return new Scope(Scope.Kind.COMPONENT, null, features).validateComponent(component, -1);
    } catch (InvalidException | MalformedException e) {
      throw e;
    } catch (StackOverflowError e) {
      throw new InvalidException(-1, "nesting too deep: the component is nested too deeply to validate");
    } catch (OutOfMemoryError e) {
      throw new InvalidException(-1, "the component is too large to validate");
    } catch (RuntimeException e) {
      InvalidException internal = new InvalidException(-1, "internal validator error (please report): " + e);
      internal.initCause(e);
      throw internal;
    } finally {
      CoreTypeKeys.set(null);
    }
  }

  /** Validates under the default profile, {@link Features#DEFAULT} (WASI 0.2 sync). */
  public static ComponentInfo validate(Component component) {
    return validate(component, Features.DEFAULT);
  }
}

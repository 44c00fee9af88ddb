package dev.trellis.harness.spi;

import dev.trellis.engine.runtime.Val;
import java.util.List;

/**
 * An instance of a core module or component. Component exports take and return component
 * values; core exports take and return {@link Val.S32} (i32), {@link Val.S64} (i64),
 * {@link Val.F32} and {@link Val.F64}, floats bit-exact.
 */
public interface Instance extends AutoCloseable {
  /**
   * Calls an export by name (for a component export nested in an exported instance, the
   * names joined with {@code #}, e.g. {@code "wasi:cli/run@0.2.0#run"}). Returns the results:
   * none or one for a component function, any number for a core function. Throws
   * {@code TRAP} when the guest traps; after a trap the instance may refuse further calls.
   */
  List<Val> invoke(String export, List<Val> args);

  @Override
  default void close() {}
}

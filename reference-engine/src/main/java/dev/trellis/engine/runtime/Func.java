package dev.trellis.engine.runtime;

import dev.trellis.engine.types.FuncType;

/**
 * A component function of an {@link Instance}, called with dynamically typed {@link Val}s. The
 * arguments are lowered into the callee by the Canonical ABI and the result lifted back
 * (CanonicalABI.md#canon-lift). Traps surface as {@link dev.trellis.engine.error.TrapException};
 * arguments that do not match {@link #type()} as {@link IllegalArgumentException}.
 */
public interface Func {
  /** The function's type as the instance exports it. */
  FuncType type();

  /** Calls the function; returns its result, or null when it has none. */
  Val call(Val... args);
}

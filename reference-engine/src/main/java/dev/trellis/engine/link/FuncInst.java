package dev.trellis.engine.link;

import dev.trellis.engine.types.FuncType;

/**
 * A component-level function at run time ({@code FuncInst} of CanonicalABI.md#tasks): a
 * {@code canon lift}ed core function of some instance, or a host function.
 */
abstract sealed class FuncInst permits LiftedFunc, HostFuncInst, TypedHostFuncInst {
  /** The function's type as its definer sees it; null for an untyped host function. */
  abstract FuncType type();

  /** Calls the function on behalf of {@code frame}'s caller. */
  abstract void call(CallFrame frame);
}

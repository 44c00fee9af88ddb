package dev.trellis.engine.link;

import dev.trellis.engine.abi.ComponentInstance;
import dev.trellis.engine.abi.StringHints;
import dev.trellis.engine.runtime.Val;

/**
 * The caller's side of one call of a {@link FuncInst}: the spec's {@code OnStart} /
 * {@code OnResolve} callbacks and the {@code caller} instance (null for the host)
 * (CanonicalABI.md#tasks). String hints travel with the frame between the two sides of a
 * component-to-component call.
 */
abstract class CallFrame {
  final ComponentInstance caller;
  final StringHints hints;

  CallFrame(ComponentInstance caller, StringHints hints) {
    this.caller = caller;
    this.hints = hints;
  }

  /** {@code OnStart}: the arguments, lifted out of the caller. */
  abstract Val[] onStart();

  /** {@code OnResolve}: the result (zero or one values), lowered into the caller. */
  abstract void onResolve(Val[] result);
}

package dev.trellis.engine.core;

import com.dylibso.chicory.runtime.ExecutionListener;
import dev.trellis.engine.error.TrapException;
import dev.trellis.engine.error.TrapKind;

/**
 * A fuel budget: one unit per executed core instruction, counted by Chicory's interpreter
 * through its execution listener. When the budget runs out the guest is stopped with a
 * {@link TrapKind#FUEL_EXHAUSTED} trap. Only the interpreter can count instructions; modules
 * compiled to JVM bytecode do not consume fuel (the deadline stops them instead).
 */
public final class Fuel {
  private long remaining;
  private boolean enabled;

  /** Sets the budget; {@code Long.MAX_VALUE} or negative disables counting. */
  public void set(long units) {
    enabled = units >= 0 && units != Long.MAX_VALUE;
    remaining = units;
  }

  public boolean enabled() {
    return enabled;
  }

  public long remaining() {
    return remaining;
  }

  ExecutionListener listener() {
    return (instruction, stack) -> {
      if (enabled && --remaining < 0) {
        remaining = 0;
        throw new TrapException(TrapKind.FUEL_EXHAUSTED);
      }
    };
  }

  /** Clears a pending interrupt left by a deadline that fired as the guest stopped. */
  static void clearInterrupt() {
    Thread.interrupted();
  }
}

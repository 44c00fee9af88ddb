package dev.trellis.engine.core;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.WasmException;
import com.dylibso.chicory.wasm.ChicoryException;
import dev.trellis.engine.error.TrapException;
import dev.trellis.engine.error.TrapKind;
import dev.trellis.engine.error.TrellisException;

/**
 * The one path from whatever core execution throws to a {@link TrapException}: Chicory's
 * traps by their spec wording, stack exhaustion, interruption (the deadline), uncaught Wasm
 * exceptions, and failures of host code called from Wasm.
 */
public final class CoreTraps {
  private CoreTraps() {}

  /** Maps {@code t} to the exception callers see; engine exceptions pass through unchanged. */
  public static RuntimeException map(Throwable t) {
    if (t instanceof TrellisException e) {
      return e;
    }
    if (t instanceof StackOverflowError) {
      return new TrapException(TrapKind.STACK_OVERFLOW, null, t);
    }
    if (t instanceof ChicoryInterruptedException) {
      Fuel.clearInterrupt();
      return new TrapException(TrapKind.DEADLINE_EXCEEDED, null, t);
    }
    if (t instanceof WasmException) {
      return new TrapException(TrapKind.UNCAUGHT_EXCEPTION, null, t);
    }
    if (t instanceof ChicoryException) {
      if (t.getCause() instanceof StackOverflowError) {
        return new TrapException(TrapKind.STACK_OVERFLOW, null, t);
      }
      String m = t.getMessage() == null ? "" : t.getMessage();
      return new TrapException(kindOf(m), m, t);
    }
    if (t instanceof OutOfMemoryError) {
      return new TrapException(TrapKind.MEMORY_LIMIT, "out of memory", t);
    }
    if (t instanceof Error err) {
      throw err;
    }
    return new TrapException(TrapKind.HOST_ERROR, String.valueOf(t), t);
  }

  static TrapKind kindOf(String m) {
    if (m.contains("unreachable")) {
      return TrapKind.UNREACHABLE;
    }
    if (m.contains("out of bounds memory")) {
      return TrapKind.MEMORY_OUT_OF_BOUNDS;
    }
    if (m.contains("divide by zero")) {
      return TrapKind.INTEGER_DIVIDE_BY_ZERO;
    }
    if (m.contains("integer overflow")) {
      return TrapKind.INTEGER_OVERFLOW;
    }
    if (m.contains("invalid conversion")) {
      return TrapKind.INVALID_CONVERSION_TO_INTEGER;
    }
    if (m.contains("indirect call type mismatch")) {
      return TrapKind.INDIRECT_CALL_TYPE_MISMATCH;
    }
    if (m.contains("uninitialized element")) {
      return TrapKind.UNINITIALIZED_ELEMENT;
    }
    if (m.contains("undefined element") || m.contains("out of bounds table")) {
      return TrapKind.TABLE_OUT_OF_BOUNDS;
    }
    if (m.contains("call stack exhausted")) {
      return TrapKind.STACK_OVERFLOW;
    }
    if (m.contains("null")) {
      return TrapKind.NULL_REFERENCE;
    }
    return TrapKind.UNREACHABLE;
  }
}

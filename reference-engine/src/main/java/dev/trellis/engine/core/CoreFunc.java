package dev.trellis.engine.core;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import dev.trellis.engine.abi.CoreFunction;

/**
 * A core function: exported by a module instance, or implemented by the engine (a
 * {@code canon lower}ed import, a canonical built-in, a host function). Calling it from Java
 * maps every failure to a {@link dev.trellis.engine.error.TrapException}.
 */
public abstract sealed class CoreFunc implements CoreExtern, CoreFunction permits CoreFunc.Exported, CoreFunc.Host {

  /** Runs the function without mapping exceptions (used when Wasm calls Wasm). */
  abstract long[] invoke(long[] args);

  @Override
  public final long[] call(long... args) {
    try {
      return invoke(args);
    } catch (Throwable t) {
      throw CoreTraps.map(t);
    }
  }

  /** An engine-implemented core function. */
  public static CoreFunc host(CoreFunction body) {
    return new Host(body);
  }

  /** A function defined by a module instance. */
  static final class Exported extends CoreFunc {
    final Instance instance;
    final int index;
    private final Machine machine;

    Exported(Instance instance, int index) {
      this.instance = instance;
      this.index = index;
      this.machine = instance.getMachine();
    }

    @Override
    long[] invoke(long[] args) {
      long[] r = machine.call(index, args);
      return r == null ? EMPTY : r;
    }
  }

  static final long[] EMPTY = new long[0];

  /** A function implemented in Java. */
  static final class Host extends CoreFunc {
    final CoreFunction body;

    Host(CoreFunction body) {
      this.body = body;
    }

    @Override
    long[] invoke(long[] args) {
      long[] r = body.call(args);
      return r == null ? EMPTY : r;
    }
  }
}

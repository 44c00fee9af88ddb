package dev.trellis.engine.abi;

/**
 * A core WebAssembly function as the Canonical ABI calls it ({@code CoreFuncInst}): flat
 * values in, flat values out, in the {@link FlatType} encoding. Implementations raise every
 * failure as a {@link dev.trellis.engine.error.TrapException}
 * ({@code call_and_trap_on_throw}).
 */
@FunctionalInterface
public interface CoreFunction {
  long[] call(long... args);
}

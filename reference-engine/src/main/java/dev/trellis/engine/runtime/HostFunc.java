package dev.trellis.engine.runtime;

/**
 * A host implementation of a component function imported by a guest. Arguments arrive lifted
 * out of the caller's memory; the result (null for none) is lowered back into it. Borrowed
 * handles among the arguments are valid only during the call. A {@link RuntimeException}
 * thrown here becomes a {@link dev.trellis.engine.error.TrapException} of kind
 * {@code HOST_ERROR} in the guest.
 */
@FunctionalInterface
public interface HostFunc<T> {
  Val call(Store<T> store, Val[] args);
}

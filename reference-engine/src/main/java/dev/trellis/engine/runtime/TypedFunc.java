package dev.trellis.engine.runtime;

/**
 * A component function called with Java values: the {@link Lower} of its parameters and the
 * {@link Lift} of its result were checked against its type once, when it was created, and
 * each call goes straight between Java values and linear memory without building {@link Val}s.
 */
public interface TypedFunc<P, R> {
  /** Calls the function; {@code params} as {@link Lower#params} shaped them. */
  R call(P params);
}

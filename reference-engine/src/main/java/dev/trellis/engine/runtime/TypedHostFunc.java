package dev.trellis.engine.runtime;

/**
 * A host implementation of an imported component function that takes and returns Java values:
 * its parameters are lifted by a {@link Lift} (see {@link Lift#params}) and its result lowered
 * by a {@link Lower}, checked against the import's type once when linking, so calls build no
 * {@link Val}. Exceptions behave as for {@link HostFunc}.
 */
@FunctionalInterface
public interface TypedHostFunc<T, P, R> {
  R call(Store<T> store, P params);
}

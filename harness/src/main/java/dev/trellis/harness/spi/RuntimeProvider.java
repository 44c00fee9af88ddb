package dev.trellis.harness.spi;

/**
 * One runtime Trellis knows how to drive. Providers are listed in
 * {@code META-INF/services/dev.trellis.harness.spi.RuntimeProvider}; {@link Runtimes} finds
 * them. {@link #probe()} is cheap and side-effect free (it may run {@code --version});
 * {@link #open()} starts whatever the runtime needs (loads a library, spawns a worker).
 */
public interface RuntimeProvider {
  /** The id users type ({@code --runtime ID}): lower-case, stable. */
  String id();

  /** One line: what this runtime is and how Trellis talks to it. */
  String description();

  /** The features this runtime claims when available. */
  java.util.Set<Feature> features();

  Probe probe();

  /** Opens the runtime; fails with {@link RuntimeFailure.Kind#UNSUPPORTED} when it is missing. */
  Runtime open();
}

package dev.trellis.harness.spi;

/** A loaded (decoded, validated, compiled) module or component, ready to instantiate. */
public interface Loaded extends AutoCloseable {
  Wasm wasm();

  @Override
  default void close() {}
}

package dev.trellis.engine.validate;

/** A type-check failure without a location yet; the caller adds offset and context. */
final class Mismatch extends Exception {
  Mismatch(String message) {
    super(message, null, false, false);
  }
}

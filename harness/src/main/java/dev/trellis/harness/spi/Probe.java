package dev.trellis.harness.spi;

/**
 * Whether a runtime is usable on this machine, as a provider finds out without opening it:
 * its version and details (where it was found, which mode it runs in), or why it is missing.
 */
public sealed interface Probe {
  record Available(String version, String detail) implements Probe {}

  record Missing(String reason) implements Probe {}

  static Probe available(String version, String detail) {
    return new Available(version, detail);
  }

  static Probe missing(String reason) {
    return new Missing(reason);
  }

  default boolean isAvailable() {
    return this instanceof Available;
  }
}

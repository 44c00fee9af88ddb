package dev.trellis.engine.types;

/** {@code (future t?)} 🔀; {@code element} null when absent. */
public record FutureType(ValType element) implements ValType {}

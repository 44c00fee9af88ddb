package dev.trellis.engine.types;

/** {@code (stream t?)} 🔀; {@code element} null when absent. */
public record StreamType(ValType element) implements ValType {}

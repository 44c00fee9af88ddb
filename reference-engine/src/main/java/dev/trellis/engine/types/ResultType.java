package dev.trellis.engine.types;

/** {@code (result t? (error u)?)}; absent parts are null. */
public record ResultType(ValType ok, ValType error) implements ValType {}

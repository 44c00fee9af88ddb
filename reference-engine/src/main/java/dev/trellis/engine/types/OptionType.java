package dev.trellis.engine.types;

/** {@code (option t)}. */
public record OptionType(ValType type) implements ValType {}

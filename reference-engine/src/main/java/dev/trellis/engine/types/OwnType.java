package dev.trellis.engine.types;

/** {@code (own $R)}. */
public record OwnType(ResourceType resource) implements ValType {}

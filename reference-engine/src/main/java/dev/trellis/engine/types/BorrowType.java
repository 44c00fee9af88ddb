package dev.trellis.engine.types;

/** {@code (borrow $R)}. */
public record BorrowType(ResourceType resource) implements ValType {}

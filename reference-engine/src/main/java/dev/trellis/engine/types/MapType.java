package dev.trellis.engine.types;

/** {@code (map k v)} 🗺️. */
public record MapType(ValType key, ValType value) implements ValType {}

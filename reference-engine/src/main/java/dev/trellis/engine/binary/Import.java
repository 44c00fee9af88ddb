package dev.trellis.engine.binary;

/** {@code import ::= na:<nameattributes> et:<externtype>}. */
public record Import(ExternName name, ExternDesc desc, int offset) {}

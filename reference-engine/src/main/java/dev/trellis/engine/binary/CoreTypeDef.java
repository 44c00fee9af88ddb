package dev.trellis.engine.binary;

/** {@code core:type ::= dt:<core:deftype>}: one entry of a core type section, at its offset. */
public record CoreTypeDef(CoreDefType type, int offset) {}

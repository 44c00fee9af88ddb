package dev.trellis.engine.binary;

/** {@code type ::= dt:<deftype>}: one entry of a type section, at its offset. */
public record TypeDef(DefType type, int offset) {}

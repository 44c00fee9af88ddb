package dev.trellis.engine.binary;

/** One entry of a canon section, at its offset. */
public record CanonDef(Canon canon, int offset) {}

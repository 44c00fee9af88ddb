package dev.trellis.engine.binary;

/**
 * {@code export ::= na:<nameattributes> si:<sortidx> et?:<externtype>?}; {@code ascribed}
 * is the optional type ascription, or null.
 */
public record Export(ExternName name, SortIdx item, ExternDesc ascribed, int offset) {}

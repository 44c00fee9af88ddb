package dev.trellis.engine.binary;

/** {@code sortidx ::= sort:<sort> idx:<u32>}: an index into the index space of {@code sort}. */
public record SortIdx(Sort sort, int index) {}

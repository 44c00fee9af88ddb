package dev.trellis.engine.core;

/**
 * A core WebAssembly definition that can be imported or exported: what the component index
 * spaces {@code core func}, {@code core memory}, {@code core table}, {@code core global} and
 * {@code core tag} hold at run time (Explainer.md#index-spaces).
 */
public sealed interface CoreExtern permits CoreFunc, CoreMemory, CoreTable, CoreGlobal, CoreTag {}

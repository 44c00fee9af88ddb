package dev.trellis.engine.core;

/** How core WebAssembly runs: Chicory's interpreter, or its runtime compiler to JVM bytecode. */
public enum CoreBackend {
  /** Chicory's interpreter: starts fastest, supports fuel. */
  INTERPRETER,
  /** Chicory's runtime compiler ({@code com.dylibso.chicory:compiler}): compiles each module once to JVM classes. */
  COMPILER
}

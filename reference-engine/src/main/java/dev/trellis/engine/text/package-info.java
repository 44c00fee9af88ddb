/**
 * Text formats: the component text format (component WAT, wasm-tools' syntax) and core WAT
 * assembled to binary, WAST scripts, and the printer from binary back to text.
 *
 * <p>Pipeline: {@link dev.trellis.engine.text.Lexer} → {@link dev.trellis.engine.text.SExpr}
 * tree → parsers that resolve identifiers and abbreviations → the binary AST
 * ({@code dev.trellis.engine.binary}) → bytes. Every error is a
 * {@link dev.trellis.engine.error.TextException} with line:column.
 */
package dev.trellis.engine.text;

/**
 * The component binary format of <a href="../../../../../../../../shared/spec/component-model/Binary.md">Binary.md</a>:
 * an immutable AST ({@link dev.trellis.engine.binary.Component} and the records it holds),
 * a decoder from bytes and an encoder back to bytes.
 *
 * <p>The AST mirrors the binary grammar one production per record, section by section, so
 * that {@code encode(decode(bytes))} reproduces the bytes. Items that validation can reject
 * carry the absolute byte {@code offset} at which they start in the outermost binary (or a
 * text position when they came from the text parser, or -1 when built by hand). Core modules
 * are kept as their bytes and handed to Chicory's parser; they are never re-decoded here.
 */
package dev.trellis.engine.binary;

package dev.trellis.engine.binary;

/**
 * {@code value ::= t:<valtype> len:<core:u32> v:<val(t)>} 🪙. The value's bytes are kept
 * undecoded: reading them needs the resolved type, which is validation's job.
 */
public record ValueDef(ValTypeRef type, Bytes value, int offset) {}

package dev.trellis.engine.error;

/**
 * A well-formed component that breaks a validation rule of Explainer.md / Binary.md /
 * CanonicalABI.md. Carries the byte offset of the offending item (or -1 when the error is
 * about the component as a whole, e.g. an unconsumed value at its end).
 */
public final class InvalidException extends TrellisException {
  private final long offset;
  private final String reason;

  public InvalidException(long offset, String reason) {
    super(offset >= 0 ? reason + " (at offset 0x" + Long.toHexString(offset) + ")" : reason);
    this.offset = offset;
    this.reason = reason;
  }

  public long offset() {
    return offset;
  }

  @Override
  public String reason() {
    return reason;
  }
}

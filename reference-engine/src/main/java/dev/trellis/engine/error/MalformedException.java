package dev.trellis.engine.error;

/**
 * The bytes do not follow the binary format (Binary.md): bad magic, truncated section,
 * unknown opcode, a length that runs past its end. Always carries the byte offset at which
 * the decoder gave up and what it expected there.
 */
public final class MalformedException extends TrellisException {
  private final long offset;
  private final String reason;

  public MalformedException(long offset, String reason) {
    super(reason + " (at offset 0x" + Long.toHexString(offset) + ")");
    this.offset = offset;
    this.reason = reason;
  }

  public MalformedException(long offset, String reason, Throwable cause) {
    super(reason + " (at offset 0x" + Long.toHexString(offset) + ")", cause);
    this.offset = offset;
    this.reason = reason;
  }

  /** Byte offset into the outermost binary being decoded. */
  public long offset() {
    return offset;
  }

  @Override
  public String reason() {
    return reason;
  }
}

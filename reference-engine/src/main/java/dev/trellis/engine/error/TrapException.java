package dev.trellis.engine.error;

/**
 * Execution trapped. The {@link TrapKind} says why; the message adds detail. Every trap in
 * the engine — core Wasm, Canonical ABI, host limits — surfaces as this one type.
 */
public final class TrapException extends TrellisException {
  private final TrapKind kind;

  public TrapException(TrapKind kind) {
    super(kind.message());
    this.kind = kind;
  }

  public TrapException(TrapKind kind, String detail) {
    super(detail == null || detail.isEmpty() ? kind.message() : kind.message() + ": " + detail);
    this.kind = kind;
  }

  public TrapException(TrapKind kind, String detail, Throwable cause) {
    super(detail == null || detail.isEmpty() ? kind.message() : kind.message() + ": " + detail, cause);
    this.kind = kind;
  }

  private TrapException(TrapKind kind, String message, boolean verbatim) {
    super(message);
    this.kind = kind;
  }

  /**
   * A trap whose whole message is {@code message}, for traps whose wording carries data
   * (e.g. {@code unknown handle index 5}) that test expectations quote verbatim.
   */
  public static TrapException withMessage(TrapKind kind, String message) {
    return new TrapException(kind, message, true);
  }

  public TrapKind kind() {
    return kind;
  }
}

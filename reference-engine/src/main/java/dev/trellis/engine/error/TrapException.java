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

  public TrapKind kind() {
    return kind;
  }
}

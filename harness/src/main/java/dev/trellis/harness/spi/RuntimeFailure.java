package dev.trellis.harness.spi;

import java.util.Objects;

/**
 * Anything a runtime reports instead of a result. The {@link Kind} says at which stage and
 * why, so a suite can tell "the runtime rejected an invalid binary" (expected by
 * {@code assert_invalid}) from "the guest trapped" from "the runtime does not support this".
 * The message is the runtime's own wording, trimmed to its first meaningful line where the
 * runtime adds backtraces; {@link #output()} carries what a runtime process printed, if any.
 */
public final class RuntimeFailure extends RuntimeException {
  /** The stage or cause of a failure. */
  public enum Kind {
    /** The bytes do not decode (bad magic, truncated section, bad LEB...). */
    MALFORMED,
    /** The binary decodes but does not validate. */
    INVALID,
    /** Instantiation failed on imports (missing or mismatched). */
    UNLINKABLE,
    /** Execution trapped (including a Canonical ABI trap). */
    TRAP,
    /** Stack or resource exhaustion. */
    EXHAUSTED,
    /** The runtime does not support this construct or operation. */
    UNSUPPORTED,
    /** The runtime did not answer in time. */
    TIMEOUT,
    /** The runtime's process died or answered garbage. */
    CRASHED,
    /** Anything else: a failure the runtime reported without saying which kind. */
    ERROR
  }

  private final Kind kind;
  private final String output;

  public RuntimeFailure(Kind kind, String message) {
    this(kind, message, null, null);
  }

  public RuntimeFailure(Kind kind, String message, Throwable cause) {
    this(kind, message, null, cause);
  }

  public RuntimeFailure(Kind kind, String message, String output, Throwable cause) {
    super(message == null || message.isBlank() ? kind.name().toLowerCase(java.util.Locale.ROOT) : message, cause);
    this.kind = Objects.requireNonNull(kind);
    this.output = output;
  }

  public static RuntimeFailure unsupported(String what) {
    return new RuntimeFailure(Kind.UNSUPPORTED, what);
  }

  public Kind kind() {
    return kind;
  }

  /** What a runtime process printed around the failure (stderr tail), or null. */
  public String output() {
    return output;
  }

  @Override
  public String toString() {
    return kind.name().toLowerCase(java.util.Locale.ROOT) + ": " + getMessage();
  }
}

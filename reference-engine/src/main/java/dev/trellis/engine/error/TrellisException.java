package dev.trellis.engine.error;

/**
 * The root of every error the reference engine reports to its callers. Each subclass is a
 * distinct stage of the pipeline (decode → validate → link → run) so a caller can tell
 * "the bytes are malformed" from "the component is invalid" from "the guest trapped".
 * Nothing else escapes the engine's public API.
 */
public abstract sealed class TrellisException extends RuntimeException
    permits MalformedException, InvalidException, LinkException, TrapException, WitException, TextException {

  protected TrellisException(String message) {
    super(message);
  }

  protected TrellisException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The message without location decoration, as a test expectation would quote it. */
  public String reason() {
    return getMessage();
  }
}

package dev.trellis.engine.error;

/**
 * Instantiation could not proceed: a missing import, an import whose type does not match
 * what the component expects, or a host definition registered twice.
 */
public final class LinkException extends TrellisException {
  public LinkException(String message) {
    super(message);
  }

  public LinkException(String message, Throwable cause) {
    super(message, cause);
  }
}

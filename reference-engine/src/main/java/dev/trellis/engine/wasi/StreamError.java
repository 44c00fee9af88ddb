package dev.trellis.engine.wasi;

import dev.trellis.engine.runtime.Val;

/**
 * A stream operation's {@code stream-error}: {@code closed}, or {@code last-operation-failed}
 * with an {@code error} resource describing it. Thrown by host streams, turned into the
 * guest-visible result by {@code wasi:io/streams}; never a trap.
 */
abstract sealed class StreamError extends RuntimeException {
  StreamError(String message) {
    super(message, null, false, false);
  }

  static final class Closed extends StreamError {
    static final Closed INSTANCE = new Closed();

    private Closed() {
      super("closed");
    }
  }

  static final class Failed extends StreamError {
    final IoError error;

    Failed(IoError error) {
      super(error.message());
      this.error = error;
    }
  }

  /**
   * The payload of a {@code wasi:io/error}: a message for {@code to-debug-string}, and where the
   * failure has one, the error code of the interface it came from ({@code filesystem-error-code},
   * {@code http-error-code}, {@code network-error-code} read it back).
   */
  record IoError(String message, String filesystemCode, Val httpCode, String networkCode) {
    static IoError of(String message) {
      return new IoError(message, null, null, null);
    }

    static IoError filesystem(String code, String message) {
      return new IoError(message, code, null, null);
    }

    static IoError network(String code, String message) {
      return new IoError(message, null, null, code);
    }

    static IoError http(Val code, String message) {
      return new IoError(message, null, code, null);
    }
  }
}

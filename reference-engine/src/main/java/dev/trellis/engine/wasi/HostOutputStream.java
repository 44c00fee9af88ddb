package dev.trellis.engine.wasi;

/**
 * The host side of a {@code wasi:io/streams.output-stream}: {@code check-write} permits a number
 * of bytes, {@code write} takes at most that many, {@code flush} starts pushing buffered bytes
 * out and the next {@code check-write} (or {@code blocking-flush}) reports when it is done.
 */
abstract class HostOutputStream implements AutoCloseable {
  /** Bytes {@link #write} accepts now (0: wait on {@link #readiness()}). */
  abstract long checkWrite();

  abstract void write(byte[] b);

  abstract void flush();

  /** Ready when {@link #checkWrite} would permit at least one byte, or fail. */
  abstract Pollable readiness();

  void blockingFlush(Waker w) {
    flush();
    while (!flushed()) {
      Poll.block(w, readiness());
      checkWrite(); // surfaces a failure
    }
  }

  /** Whether everything written has left the stream. */
  boolean flushed() {
    return true;
  }

  @Override
  public void close() {}
}

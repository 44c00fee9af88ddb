package dev.trellis.engine.wasi;

/** The host side of a {@code wasi:io/streams.input-stream}. */
abstract class HostInputStream implements AutoCloseable {
  private static final byte[] EMPTY = new byte[0];

  /**
   * Up to {@code max} bytes available now, possibly none; never blocks.
   *
   * @throws StreamError at the end of the stream ({@code closed}) or on failure
   */
  abstract byte[] read(int max);

  /** Ready when {@link #read} would return data, the end, or an error. */
  abstract Pollable readiness();

  byte[] blockingRead(Waker w, int max) {
    if (max == 0) {
      return read(0);
    }
    while (true) {
      byte[] b = read(max);
      if (b.length > 0) {
        return b;
      }
      Poll.block(w, readiness());
    }
  }

  long skip(long n) {
    return read((int) Math.min(n, 1 << 20)).length;
  }

  long blockingSkip(Waker w, long n) {
    return blockingRead(w, (int) Math.min(n, 1 << 20)).length;
  }

  static byte[] empty() {
    return EMPTY;
  }

  @Override
  public void close() {}
}

package dev.trellis.harness.spi;

import java.net.URI;

/** A {@code wasi:http/proxy} component being served; {@link #close()} stops it. */
public interface HttpService extends AutoCloseable {
  /** Where it listens, e.g. {@code http://127.0.0.1:43123/}. */
  URI uri();

  @Override
  void close();
}

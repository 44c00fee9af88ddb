package dev.trellis.harness.spi;

import java.net.URI;

/** A {@code wasi:http/proxy} component being served; {@link #close()} stops it. */
public interface HttpService extends AutoCloseable {
  /** Where it listens, e.g. {@code http://127.0.0.1:43123/}. */
  URI uri();

  /**
   * The WASI functions the served component has called so far (as {@link WasiResult#hostCalls}),
   * or null when the runtime does not record them.
   */
  default java.util.List<String> hostCalls() {
    return null;
  }

  @Override
  void close();
}

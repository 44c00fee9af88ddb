package dev.trellis.engine.wit;

import dev.trellis.engine.error.WitException;
import java.util.List;

/** Decoding of WIT packages encoded as components (WIT.md#package-format) into a {@link Resolve}. */
final class WitDecoding {
  private WitDecoding() {}

  static List<Integer> pushEncoded(Resolve resolve, byte[] bytes, String path) {
    throw new WitException(path, 0, 0, "decoding WIT packages from a component binary is not supported yet");
  }
}

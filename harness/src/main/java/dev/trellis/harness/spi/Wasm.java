package dev.trellis.harness.spi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * A WebAssembly binary handed to a runtime: a core module or a component, as its header says
 * (the {@code layer} field of the preamble). {@code name} is only for messages and file names.
 */
public record Wasm(String name, byte[] bytes) {
  /** What the preamble says the binary is. */
  public enum Kind {
    CORE_MODULE,
    COMPONENT,
    /** Not a recognisable preamble: every runtime must reject it as malformed. */
    UNKNOWN
  }

  public Wasm {
    Objects.requireNonNull(name);
    bytes = bytes.clone();
  }

  public static Wasm of(String name, byte[] bytes) {
    return new Wasm(name, bytes);
  }

  public static Wasm read(Path file) throws IOException {
    return new Wasm(file.getFileName().toString(), Files.readAllBytes(file));
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  public int size() {
    return bytes.length;
  }

  public Kind kind() {
    return kindOf(bytes);
  }

  public boolean isComponent() {
    return kind() == Kind.COMPONENT;
  }

  /** {@code \0asm}, then version 1 layer 0 (core) or version 0x0d layer 1 (component). */
  public static Kind kindOf(byte[] b) {
    if (b.length < 8 || b[0] != 0 || b[1] != 'a' || b[2] != 's' || b[3] != 'm') {
      return Kind.UNKNOWN;
    }
    int layer = (b[6] & 0xff) | (b[7] & 0xff) << 8;
    return switch (layer) {
      case 0 -> Kind.CORE_MODULE;
      case 1 -> Kind.COMPONENT;
      default -> Kind.UNKNOWN;
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Wasm w && w.name.equals(name) && Arrays.equals(w.bytes, bytes);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "Wasm[" + name + ", " + kind() + ", " + bytes.length + " bytes]";
  }
}

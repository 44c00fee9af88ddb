package dev.trellis.engine.binary;

import java.util.Arrays;
import java.util.HexFormat;

/** An immutable byte string with value equality, so AST records holding bytes compare by content. */
public final class Bytes {
  public static final Bytes EMPTY = new Bytes(new byte[0]);

  private final byte[] data;

  private Bytes(byte[] data) {
    this.data = data;
  }

  /** Copies {@code data}. */
  public static Bytes of(byte[] data) {
    return new Bytes(data.clone());
  }

  /** Copies {@code data[from, to)}. */
  public static Bytes of(byte[] data, int from, int to) {
    return new Bytes(Arrays.copyOfRange(data, from, to));
  }

  /** Takes ownership of {@code data}; the caller must not modify it afterwards. */
  public static Bytes wrap(byte[] data) {
    return new Bytes(data);
  }

  public int length() {
    return data.length;
  }

  public byte get(int i) {
    return data[i];
  }

  /** A fresh copy of the bytes. */
  public byte[] toArray() {
    return data.clone();
  }

  /** The backing array without copying. Callers must treat it as read-only. */
  public byte[] unsafeArray() {
    return data;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bytes b && Arrays.equals(data, b.data);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return data.length <= 32
        ? "Bytes[" + HexFormat.of().formatHex(data) + "]"
        : "Bytes[" + data.length + " bytes]";
  }
}

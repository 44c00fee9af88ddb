package dev.trellis.engine.text;

import java.util.Arrays;

/**
 * A growable byte sink for the core WAT assembler with the binary format's integer encodings
 * (always the minimal LEB128 form, as wasm-tools writes them).
 */
final class CoreWatBuffer {
  private byte[] data;
  private int size;

  CoreWatBuffer() {
    this(64);
  }

  CoreWatBuffer(int capacity) {
    data = new byte[Math.max(capacity, 16)];
  }

  int size() {
    return size;
  }

  private void ensure(int extra) {
    if (size + extra > data.length) {
      data = Arrays.copyOf(data, Math.max(data.length * 2, size + extra));
    }
  }

  CoreWatBuffer u8(int b) {
    ensure(1);
    data[size++] = (byte) b;
    return this;
  }

  /** Unsigned LEB128 of a value in [0, 2^64) given as its 64 bits. */
  CoreWatBuffer u64(long v) {
    ensure(10);
    do {
      int b = (int) (v & 0x7f);
      v >>>= 7;
      if (v != 0) {
        b |= 0x80;
      }
      data[size++] = (byte) b;
    } while (v != 0);
    return this;
  }

  /** Unsigned LEB128 of a u32 (given as a non-negative long or an int's 32 bits). */
  CoreWatBuffer u32(long v) {
    return u64(v & 0xffff_ffffL);
  }

  /** Signed LEB128. */
  CoreWatBuffer s64(long v) {
    ensure(10);
    while (true) {
      int b = (int) (v & 0x7f);
      v >>= 7;
      boolean done = (v == 0 && (b & 0x40) == 0) || (v == -1 && (b & 0x40) != 0);
      if (!done) {
        b |= 0x80;
      }
      data[size++] = (byte) b;
      if (done) {
        return this;
      }
    }
  }

  CoreWatBuffer f32(int bits) {
    ensure(4);
    for (int i = 0; i < 4; i++) {
      data[size++] = (byte) (bits >>> (8 * i));
    }
    return this;
  }

  CoreWatBuffer f64(long bits) {
    ensure(8);
    for (int i = 0; i < 8; i++) {
      data[size++] = (byte) (bits >>> (8 * i));
    }
    return this;
  }

  CoreWatBuffer bytes(byte[] b) {
    return bytes(b, 0, b.length);
  }

  CoreWatBuffer bytes(byte[] b, int from, int len) {
    ensure(len);
    System.arraycopy(b, from, data, size, len);
    size += len;
    return this;
  }

  CoreWatBuffer bytes(CoreWatBuffer other) {
    return bytes(other.data, 0, other.size);
  }

  /** A length-prefixed byte string ({@code name} / {@code vec(byte)}). */
  CoreWatBuffer name(byte[] b) {
    u32(b.length);
    return bytes(b);
  }

  /** A section: id, LEB size, contents. */
  CoreWatBuffer section(int id, CoreWatBuffer contents) {
    u8(id);
    u32(contents.size);
    return bytes(contents);
  }

  void truncate(int newSize) {
    size = newSize;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(data, size);
  }
}

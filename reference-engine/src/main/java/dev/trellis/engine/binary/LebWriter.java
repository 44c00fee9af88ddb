package dev.trellis.engine.binary;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer with the integer encodings of the binary format (core spec §5.2.2):
 * minimal unsigned and signed LEB128, plus {@code name} (length-prefixed UTF-8). Shared by the
 * component encoder and anyone else emitting Wasm bytes. Not thread-safe.
 */
public final class LebWriter {
  private byte[] buf;
  private int len;

  public LebWriter() {
    this(64);
  }

  public LebWriter(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  private void ensure(int extra) {
    int need = len + extra;
    if (need < 0) {
      throw new IllegalStateException("encoded output exceeds 2 GiB");
    }
    if (need > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(need, buf.length * 2));
    }
  }

  /** Number of bytes written so far. */
  public int size() {
    return len;
  }

  /** Forgets the contents, keeping the capacity. */
  public void reset() {
    len = 0;
  }

  /** One byte (the low 8 bits of {@code b}). */
  public LebWriter u8(int b) {
    ensure(1);
    buf[len++] = (byte) b;
    return this;
  }

  /** Raw bytes. */
  public LebWriter bytes(byte[] b) {
    return bytes(b, 0, b.length);
  }

  /** Raw bytes {@code b[from, from+n)}. */
  public LebWriter bytes(byte[] b, int from, int n) {
    ensure(n);
    System.arraycopy(b, from, buf, len, n);
    len += n;
    return this;
  }

  /** The contents of another writer. */
  public LebWriter bytes(LebWriter w) {
    return bytes(w.buf, 0, w.len);
  }

  /**
   * Unsigned LEB128 of the low 32 bits of {@code v} (so a negative int is a u32 above 2^31, and
   * a long is taken modulo 2^32).
   */
  public LebWriter u32(long v) {
    return u64(v & 0xffff_ffffL);
  }

  /** Unsigned LEB128 of {@code v} read as an unsigned 64-bit value, minimal length. */
  public LebWriter u64(long v) {
    ensure(10);
    do {
      int b = (int) (v & 0x7f);
      v >>>= 7;
      if (v != 0) {
        b |= 0x80;
      }
      buf[len++] = (byte) b;
    } while (v != 0);
    return this;
  }

  /** Signed LEB128 of {@code v}, minimal length (used for s32, s33 and s64). */
  public LebWriter s64(long v) {
    ensure(10);
    while (true) {
      int b = (int) (v & 0x7f);
      v >>= 7;
      boolean done = (v == 0 && (b & 0x40) == 0) || (v == -1 && (b & 0x40) != 0);
      if (!done) {
        b |= 0x80;
      }
      buf[len++] = (byte) b;
      if (done) {
        return this;
      }
    }
  }

  /** A {@code name}: u32 byte length then the UTF-8 bytes. */
  public LebWriter name(String s) {
    return name(s.getBytes(StandardCharsets.UTF_8));
  }

  /** A length-prefixed byte string ({@code name} already encoded, or {@code vec(byte)}). */
  public LebWriter name(byte[] b) {
    u32(b.length);
    return bytes(b);
  }

  /** An {@code f32} constant: its 32 bits, little-endian. */
  public LebWriter f32(int bits) {
    ensure(4);
    for (int i = 0; i < 4; i++) {
      buf[len++] = (byte) (bits >>> (8 * i));
    }
    return this;
  }

  /** An {@code f64} constant: its 64 bits, little-endian. */
  public LebWriter f64(long bits) {
    ensure(8);
    for (int i = 0; i < 8; i++) {
      buf[len++] = (byte) (bits >>> (8 * i));
    }
    return this;
  }

  /** A section: its id, the u32 size of {@code contents}, then the contents. */
  public LebWriter section(int id, LebWriter contents) {
    return u8(id).u32(contents.len).bytes(contents);
  }

  /** A copy of the bytes written. */
  public byte[] toByteArray() {
    return Arrays.copyOf(buf, len);
  }

  /** Number of bytes {@link #u64} would write for {@code v}. */
  public static int u64Size(long v) {
    int n = 1;
    while ((v >>>= 7) != 0) {
      n++;
    }
    return n;
  }
}

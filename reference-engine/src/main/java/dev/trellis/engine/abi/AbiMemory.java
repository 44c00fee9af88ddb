package dev.trellis.engine.abi;

/**
 * A 32-bit linear memory as the Canonical ABI reads and writes it ({@code MemInst} of
 * CanonicalABI.md#canonical-abi-options). Addresses are byte offsets that the caller has
 * already bounds-checked against {@link #byteLength()}; implementations may still throw
 * {@link IndexOutOfBoundsException} on a bad address, which the engine maps to a trap.
 * Multi-byte accesses are little-endian.
 */
public interface AbiMemory {

  /** {@code len(memory)} in bytes. */
  long byteLength();

  byte readByte(int addr);

  short readShort(int addr);

  int readInt(int addr);

  long readLong(int addr);

  void writeByte(int addr, byte v);

  void writeShort(int addr, short v);

  void writeInt(int addr, int v);

  void writeLong(int addr, long v);

  /** A copy of {@code [addr, addr + len)}. */
  byte[] readBytes(int addr, int len);

  /** Writes {@code src[off, off + len)} at {@code addr}. */
  void write(int addr, byte[] src, int off, int len);
}

package dev.trellis.engine.abi;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/** An {@link AbiMemory} over one byte array: memory images for tests and property checks. */
public final class ByteArrayMemory implements AbiMemory {
  private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final byte[] bytes;

  public ByteArrayMemory(int size) {
    this.bytes = new byte[size];
  }

  public ByteArrayMemory(byte[] image) {
    this.bytes = image;
  }

  /** The backing bytes (not a copy). */
  public byte[] bytes() {
    return bytes;
  }

  @Override
  public long byteLength() {
    return bytes.length;
  }

  @Override
  public byte readByte(int addr) {
    return bytes[addr];
  }

  @Override
  public short readShort(int addr) {
    return (short) SHORT.get(bytes, addr);
  }

  @Override
  public int readInt(int addr) {
    return (int) INT.get(bytes, addr);
  }

  @Override
  public long readLong(int addr) {
    return (long) LONG.get(bytes, addr);
  }

  @Override
  public void writeByte(int addr, byte v) {
    bytes[addr] = v;
  }

  @Override
  public void writeShort(int addr, short v) {
    SHORT.set(bytes, addr, v);
  }

  @Override
  public void writeInt(int addr, int v) {
    INT.set(bytes, addr, v);
  }

  @Override
  public void writeLong(int addr, long v) {
    LONG.set(bytes, addr, v);
  }

  @Override
  public byte[] readBytes(int addr, int len) {
    return Arrays.copyOfRange(bytes, addr, Math.addExact(addr, len));
  }

  @Override
  public void write(int addr, byte[] src, int off, int len) {
    System.arraycopy(src, off, bytes, addr, len);
  }
}

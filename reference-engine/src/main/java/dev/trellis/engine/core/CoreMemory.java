package dev.trellis.engine.core;

import com.dylibso.chicory.runtime.Memory;
import dev.trellis.engine.abi.AbiMemory;

/** A core linear memory, shared by reference wherever it is imported or aliased. */
public final class CoreMemory implements CoreExtern, AbiMemory {
  final Memory memory;

  CoreMemory(Memory memory) {
    this.memory = memory;
  }

  @Override
  public long byteLength() {
    return (long) memory.pages() * Memory.PAGE_SIZE;
  }

  /** Current size in 64 KiB pages. */
  public int pages() {
    return memory.pages();
  }

  @Override
  public byte readByte(int addr) {
    return memory.read(addr);
  }

  @Override
  public short readShort(int addr) {
    return memory.readShort(addr);
  }

  @Override
  public int readInt(int addr) {
    return memory.readInt(addr);
  }

  @Override
  public long readLong(int addr) {
    return memory.readLong(addr);
  }

  @Override
  public void writeByte(int addr, byte v) {
    memory.writeByte(addr, v);
  }

  @Override
  public void writeShort(int addr, short v) {
    memory.writeShort(addr, v);
  }

  @Override
  public void writeInt(int addr, int v) {
    memory.writeI32(addr, v);
  }

  @Override
  public void writeLong(int addr, long v) {
    memory.writeLong(addr, v);
  }

  @Override
  public byte[] readBytes(int addr, int len) {
    return len == 0 ? new byte[0] : memory.readBytes(addr, len);
  }

  @Override
  public void write(int addr, byte[] src, int off, int len) {
    if (len > 0) {
      memory.write(addr, src, off, len);
    }
  }
}

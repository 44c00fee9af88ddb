package dev.trellis.engine.core;

import com.dylibso.chicory.runtime.ConstantEvaluators;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.UninstantiableException;
import com.dylibso.chicory.wasm.types.ActiveDataSegment;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.PassiveDataSegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.Function;

/**
 * A non-shared linear memory in 64 KiB pages whose page table grows with the memory.
 *
 * <p>Why: Chicory 1.7.5's {@code ByteArrayMemory} and {@code ByteBufferMemory} allocate their page
 * table for {@code min(maximum, 32767)} pages up front, so a memory without a declared maximum
 * holds a 128 KiB table of mostly empty slots (32,767 references) next to its one 64 KiB page:
 * two thirds of what an idle instance retained. This memory keeps the same page layout and the
 * same observable behaviour (results, bounds checks, the exceptions and their messages, data
 * segment initialisation and dropping, {@code grow}'s limits), with a table as long as the pages
 * in use, doubled when the memory grows past it (the pages themselves are never copied).
 * Shared memories keep Chicory's own implementation.
 */
final class PagedMemory implements Memory {
  private static final int PAGE_MASK = PAGE_SIZE - 1;
  private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle FLOAT = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle DOUBLE = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);
  private static final Function<String, ChicoryException> TRAP = WasmRuntimeException::new;
  private static final Function<String, ChicoryException> UNINSTANTIABLE = UninstantiableException::new;

  private final MemoryLimits limits;
  /** Pages {@code [0, nPages)} are allocated; the slots after them are null. */
  private byte[][] pages;
  private int nPages;
  private DataSegment[] dataSegments;

  PagedMemory(MemoryLimits limits) {
    if (limits.shared()) {
      throw new IllegalArgumentException("PagedMemory is for non-shared memories");
    }
    this.limits = limits;
    int initial = limits.initialPages();
    int max = maximumPages();
    if (initial > max) {
      // what Chicory's memories do: their page table is `max` long
      throw new ArrayIndexOutOfBoundsException("Index " + max + " out of bounds for length " + max);
    }
    pages = new byte[initial][];
    for (int i = 0; i < initial; i++) {
      pages[i] = new byte[PAGE_SIZE];
    }
    nPages = initial;
  }

  @Override
  public int pages() {
    return nPages;
  }

  @Override
  public int grow(int delta) {
    int old = nPages;
    int next = old + delta;
    if (next > maximumPages() || next < old) {
      return -1;
    }
    if (next > pages.length) {
      pages = Arrays.copyOf(pages, Math.min(maximumPages(), Math.max(next, pages.length * 2)));
    }
    for (int i = old; i < next; i++) {
      pages[i] = new byte[PAGE_SIZE];
    }
    nPages = next;
    return old;
  }

  @Override
  public int initialPages() {
    return limits.initialPages();
  }

  @Override
  public int maximumPages() {
    return Math.min(limits.maximumPages(), RUNTIME_MAX_PAGES);
  }

  @Override
  public boolean shared() {
    return false;
  }

  /** The monitor of the interface's default atomic operations: on a non-shared memory they are plain reads and writes. */
  @Override
  public Object lock(int address) {
    return this;
  }

  @Override
  public int waitOn(int address, int expected, long timeout) {
    throw new ChicoryException("Attempt to wait on a non-shared memory, not supported.");
  }

  @Override
  public int waitOn(int address, long expected, long timeout) {
    throw new ChicoryException("Attempt to wait on a non-shared memory, not supported.");
  }

  @Override
  public int notify(int address, int maxThreads) {
    return 0;
  }

  @Override
  public void initialize(Instance instance, DataSegment[] segments) {
    initialize(instance, segments, 0);
  }

  @Override
  public void initialize(Instance instance, DataSegment[] segments, int memoryIndex) {
    this.dataSegments = segments;
    if (segments == null) {
      return;
    }
    for (DataSegment s : segments) {
      if (s instanceof ActiveDataSegment a) {
        if (a.index() != memoryIndex) {
          continue;
        }
        byte[] data = a.data();
        int offset = (int) ConstantEvaluators.computeConstantValue(instance, a.offsetInstructions())[0];
        checkBounds(offset, data.length, sizeInBytes(), UNINSTANTIABLE);
        write(offset, data, 0, data.length);
      } else if (!(s instanceof PassiveDataSegment)) {
        throw new ChicoryException("Data segment should be active or passive: " + s);
      }
    }
  }

  @Override
  public void initPassiveSegment(int segment, int dest, int offset, int size) {
    write(dest, dataSegments[segment].data(), offset, size);
  }

  @Override
  public void drop(int segment) {
    dataSegments[segment] = PassiveDataSegment.EMPTY;
  }

  private int sizeInBytes() {
    return PAGE_SIZE * nPages;
  }

  private static void checkBounds(int addr, int size, int limit, Function<String, ChicoryException> error) {
    if (addr < 0 || size < 0 || addr > limit || (size > 0 && addr + size > limit)) {
      throw error.apply(message(addr, limit, size));
    }
  }

  private static String message(int addr, int limit, int size) {
    return "out of bounds memory access: attempted to access address: " + addr + " but limit is: " + limit
        + " and size: " + size;
  }

  /** A page lookup that failed (no such page, a negative address) as Wasm's out-of-bounds trap. */
  private RuntimeException outOfBounds(RuntimeException e, int addr, int size) {
    if (e instanceof IndexOutOfBoundsException || e instanceof IllegalArgumentException
        || e instanceof NullPointerException || e instanceof NegativeArraySizeException) {
      return new WasmRuntimeException(message(addr, sizeInBytes(), size));
    }
    return e;
  }

  @Override
  public void write(int addr, byte[] data, int offset, int size) {
    checkBounds(offset, size, data.length, TRAP);
    checkBounds(addr, size, sizeInBytes(), TRAP);
    while (size > 0) {
      int at = addr & PAGE_MASK;
      int n = Math.min(size, PAGE_SIZE - at);
      System.arraycopy(data, offset, pages[addr >>> 16], at, n);
      addr += n;
      offset += n;
      size -= n;
    }
  }

  @Override
  public byte read(int addr) {
    try {
      return pages[addr >>> 16][addr & PAGE_MASK];
    } catch (RuntimeException e) {
      throw outOfBounds(e, addr, 1);
    }
  }

  @Override
  public byte[] readBytes(int addr, int len) {
    checkBounds(addr, len, sizeInBytes(), TRAP);
    byte[] out = new byte[len];
    int to = 0;
    while (len > 0) {
      int at = addr & PAGE_MASK;
      int n = Math.min(len, PAGE_SIZE - at);
      System.arraycopy(pages[addr >>> 16], at, out, to, n);
      addr += n;
      to += n;
      len -= n;
    }
    return out;
  }

  @Override
  public void writeByte(int addr, byte v) {
    try {
      pages[addr >>> 16][addr & PAGE_MASK] = v;
    } catch (RuntimeException e) {
      throw outOfBounds(e, addr, 1);
    }
  }

  @Override
  public void writeShort(int addr, short v) {
    int at = addr & PAGE_MASK;
    if (at + 2 <= PAGE_SIZE) {
      try {
        SHORT.set(pages[addr >>> 16], at, v);
      } catch (RuntimeException e) {
        throw outOfBounds(e, addr, 2);
      }
    } else {
      checkBounds(addr, 2, sizeInBytes(), TRAP);
      writeByte(addr, (byte) v);
      writeByte(addr + 1, (byte) (v >>> 8));
    }
  }

  @Override
  public short readShort(int addr) {
    int at = addr & PAGE_MASK;
    if (at + 2 <= PAGE_SIZE) {
      try {
        return (short) SHORT.get(pages[addr >>> 16], at);
      } catch (RuntimeException e) {
        throw outOfBounds(e, addr, 2);
      }
    }
    return (short) ((read(addr) & 0xff) | (read(addr + 1) & 0xff) << 8);
  }

  @Override
  public long readU16(int addr) {
    return readShort(addr) & 0xffffL;
  }

  @Override
  public void writeI32(int addr, int v) {
    int at = addr & PAGE_MASK;
    if (at + 4 <= PAGE_SIZE) {
      try {
        INT.set(pages[addr >>> 16], at, v);
      } catch (RuntimeException e) {
        throw outOfBounds(e, addr, 4);
      }
    } else {
      checkBounds(addr, 4, sizeInBytes(), TRAP);
      for (int i = 0; i < 4; i++) {
        writeByte(addr + i, (byte) (v >>> (8 * i)));
      }
    }
  }

  @Override
  public int readInt(int addr) {
    int at = addr & PAGE_MASK;
    if (at + 4 <= PAGE_SIZE) {
      try {
        return (int) INT.get(pages[addr >>> 16], at);
      } catch (RuntimeException e) {
        throw outOfBounds(e, addr, 4);
      }
    }
    int v = 0;
    for (int i = 0; i < 4; i++) {
      v |= (read(addr + i) & 0xff) << (8 * i);
    }
    return v;
  }

  @Override
  public void writeLong(int addr, long v) {
    int at = addr & PAGE_MASK;
    if (at + 8 <= PAGE_SIZE) {
      try {
        LONG.set(pages[addr >>> 16], at, v);
      } catch (RuntimeException e) {
        throw outOfBounds(e, addr, 8);
      }
    } else {
      checkBounds(addr, 8, sizeInBytes(), TRAP);
      for (int i = 0; i < 8; i++) {
        writeByte(addr + i, (byte) (v >>> (8 * i)));
      }
    }
  }

  @Override
  public long readLong(int addr) {
    int at = addr & PAGE_MASK;
    if (at + 8 <= PAGE_SIZE) {
      try {
        return (long) LONG.get(pages[addr >>> 16], at);
      } catch (RuntimeException e) {
        throw outOfBounds(e, addr, 8);
      }
    }
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v |= (read(addr + i) & 0xffL) << (8 * i);
    }
    return v;
  }

  @Override
  public void writeF32(int addr, float v) {
    int at = addr & PAGE_MASK;
    if (at + 4 <= PAGE_SIZE) {
      try {
        FLOAT.set(pages[addr >>> 16], at, v);
      } catch (RuntimeException e) {
        throw outOfBounds(e, addr, 4);
      }
    } else {
      writeI32(addr, Float.floatToRawIntBits(v));
    }
  }

  @Override
  public long readF32(int addr) {
    return readInt(addr);
  }

  @Override
  public float readFloat(int addr) {
    int at = addr & PAGE_MASK;
    if (at + 4 <= PAGE_SIZE) {
      try {
        return (float) FLOAT.get(pages[addr >>> 16], at);
      } catch (RuntimeException e) {
        throw outOfBounds(e, addr, 4);
      }
    }
    return Float.intBitsToFloat(readInt(addr));
  }

  @Override
  public void writeF64(int addr, double v) {
    int at = addr & PAGE_MASK;
    if (at + 8 <= PAGE_SIZE) {
      try {
        DOUBLE.set(pages[addr >>> 16], at, v);
      } catch (RuntimeException e) {
        throw outOfBounds(e, addr, 8);
      }
    } else {
      writeLong(addr, Double.doubleToRawLongBits(v));
    }
  }

  @Override
  public double readDouble(int addr) {
    int at = addr & PAGE_MASK;
    if (at + 8 <= PAGE_SIZE) {
      try {
        return (double) DOUBLE.get(pages[addr >>> 16], at);
      } catch (RuntimeException e) {
        throw outOfBounds(e, addr, 8);
      }
    }
    return Double.longBitsToDouble(readLong(addr));
  }

  @Override
  public long readF64(int addr) {
    return readLong(addr);
  }

  @Override
  public void zero() {
    fill((byte) 0, 0, sizeInBytes());
  }

  @Override
  public void fill(byte value, int fromIndex, int toIndex) {
    int addr = fromIndex;
    int size = toIndex - fromIndex;
    checkBounds(addr, size, sizeInBytes(), TRAP);
    while (size > 0) {
      int at = addr & PAGE_MASK;
      int n = Math.min(size, PAGE_SIZE - at);
      Arrays.fill(pages[addr >>> 16], at, at + n, value);
      addr += n;
      size -= n;
    }
  }

  @Override
  public void copy(int dest, int src, int size) {
    int limit = sizeInBytes();
    checkBounds(dest, size, limit, TRAP);
    checkBounds(src, size, limit, TRAP);
    if (dest > src && dest < src + size) {
      // overlapping, destination after the source: from the end
      dest += size;
      src += size;
      while (size > 0) {
        int d = dest & PAGE_MASK;
        int s = src & PAGE_MASK;
        int n = Math.min(size, Math.min(d == 0 ? PAGE_SIZE : d, s == 0 ? PAGE_SIZE : s));
        dest -= n;
        src -= n;
        System.arraycopy(pages[src >>> 16], src & PAGE_MASK, pages[dest >>> 16], dest & PAGE_MASK, n);
        size -= n;
      }
    } else {
      while (size > 0) {
        int d = dest & PAGE_MASK;
        int s = src & PAGE_MASK;
        int n = Math.min(size, PAGE_SIZE - Math.max(d, s));
        System.arraycopy(pages[src >>> 16], s, pages[dest >>> 16], d, n);
        dest += n;
        src += n;
        size -= n;
      }
    }
  }
}

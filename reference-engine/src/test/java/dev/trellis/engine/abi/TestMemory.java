package dev.trellis.engine.abi;

import dev.trellis.engine.binary.CanonOpt.StringEncoding;
import java.util.ArrayList;
import java.util.List;

/** A memory image with a recording bump allocator standing in for a guest's {@code realloc}. */
final class TestMemory {
  final ByteArrayMemory mem;
  final List<long[]> reallocCalls = new ArrayList<>();
  long next;
  /** When set, realloc returns this instead of allocating. */
  Long forced;

  TestMemory(int size, long heapStart) {
    mem = new ByteArrayMemory(size);
    next = heapStart;
  }

  /** A realloc that grows by copying (like the suites' test allocators) and shrinks in place. */
  final CoreFunction realloc = this::realloc;

  private long[] realloc(long... args) {
    long old = args[0];
    long oldSize = args[1];
    long align = args[2];
    long newSize = args[3];
    reallocCalls.add(new long[] {old, oldSize, align, newSize});
    if (forced != null) {
      return new long[] {forced};
    }
    if (old != 0 && newSize <= oldSize) {
      return new long[] {old};
    }
    next = (next + align - 1) / align * align;
    long r = next;
    next += newSize;
    if (old != 0) {
      System.arraycopy(this.mem.bytes(), (int) old, this.mem.bytes(), (int) r, (int) oldSize);
    }
    return new long[] {r};
  }

  LiftLowerContext cx(StringEncoding enc) {
    return new LiftLowerContext(CanonicalOptions.of(enc, mem, realloc), new ComponentInstance(null, "test"), new Task());
  }

  LiftLowerContext cx() {
    return cx(StringEncoding.UTF8);
  }

  void put(int addr, int... bytes) {
    for (int i = 0; i < bytes.length; i++) {
      mem.bytes()[addr + i] = (byte) bytes[i];
    }
  }

  byte[] bytes(int addr, int len) {
    return mem.readBytes(addr, len);
  }
}

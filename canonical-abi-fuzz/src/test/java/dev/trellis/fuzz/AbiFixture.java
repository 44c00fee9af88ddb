package dev.trellis.fuzz;

import dev.trellis.engine.abi.AbiMemory;
import dev.trellis.engine.abi.BorrowScope;
import dev.trellis.engine.abi.CanonicalOptions;
import dev.trellis.engine.abi.ComponentInstance;
import dev.trellis.engine.abi.LiftLowerContext;
import dev.trellis.engine.abi.RuntimeResourceType;
import dev.trellis.engine.abi.Subtask;
import dev.trellis.engine.abi.Task;
import dev.trellis.engine.binary.CanonOpt.StringEncoding;
import dev.trellis.engine.runtime.ResourceHandle;
import dev.trellis.engine.runtime.Val;
import dev.trellis.engine.types.ResourceType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A component instance's side of the Canonical ABI without a component: a linear memory that
 * grows by 64 KiB pages like a core memory and records every write, a bump {@code realloc}
 * that returns blocks aligned exactly as asked and no more (odd addresses for alignment 1),
 * fills them with garbage (so nothing may rely on zeroed memory) and records every call, and a {@link ComponentInstance} whose handle table holds host resources of the given
 * types.
 */
final class AbiFixture {
  static final int PAGE = 65536;
  static final byte GARBAGE = (byte) 0xA5;

  final Memory memory = new Memory();
  final ComponentInstance inst = new ComponentInstance(null, "fixture");
  /** Every realloc call: {old, oldSize, align, newSize, result}. */
  final List<long[]> reallocCalls = new ArrayList<>();
  private long next = 16;

  AbiFixture(List<ResourceType> resources) {
    for (ResourceType r : resources) {
      inst.bindResource(r, new RuntimeResourceType(r, null, null));
    }
  }

  /** The options of a {@code canon lift}/{@code lower} with this memory, this realloc and {@code enc}. */
  CanonicalOptions options(StringEncoding enc) {
    return CanonicalOptions.of(enc, memory, this::realloc);
  }

  /** A context for lowering (borrows are lent from a {@link Task}). */
  LiftLowerContext lowering(StringEncoding enc) {
    return new LiftLowerContext(options(enc), inst, new Task());
  }

  /** A context for lifting (borrows are lifted into a {@link Subtask}). */
  LiftLowerContext lifting(StringEncoding enc) {
    return new LiftLowerContext(options(enc), inst, new Subtask());
  }

  LiftLowerContext context(StringEncoding enc, BorrowScope scope) {
    return new LiftLowerContext(options(enc), inst, scope);
  }

  /** A block of {@code size} bytes at {@code align}, taken from the bump allocator directly. */
  long allocate(int align, long size) {
    return realloc(0, 0, align, size)[0];
  }

  private long[] realloc(long... args) {
    long old = args[0] & 0xFFFF_FFFFL;
    long oldSize = args[1] & 0xFFFF_FFFFL;
    int align = (int) args[2];
    long newSize = args[3] & 0xFFFF_FFFFL;
    if (align != 1 && align != 2 && align != 4 && align != 8) {
      throw new AssertionError("realloc called with alignment " + align);
    }
    if (old != 0 && (old + oldSize > memory.byteLength())) {
      throw new AssertionError("realloc of a block past memory: " + old + "+" + oldSize);
    }
    // exactly as aligned as asked (8 mod 16 for 8, odd for 1): an alignment asked too small shows
    long ptr = (next + 2L * align - 1) / (2L * align) * (2L * align) + align;
    next = ptr + newSize;
    memory.ensure(next);
    memory.fill((int) ptr, (int) newSize, GARBAGE);
    if (old != 0) {
      memory.copy((int) old, (int) ptr, (int) Math.min(oldSize, newSize));
    }
    reallocCalls.add(new long[] {old, oldSize, align, newSize, ptr});
    return new long[] {ptr};
  }

  /** Fresh handles for every {@code own}/{@code borrow} in {@code v} (lowering moves handles). */
  static Val freshHandles(Val v) {
    return switch (v) {
      case Val.Own(ResourceHandle h) -> new Val.Own(ResourceHandle.own(h.type(), h.rep()));
      case Val.Borrow(ResourceHandle h) -> new Val.Borrow(ResourceHandle.borrow(h.type(), h.rep()));
      case Val.ListOf(List<Val> es) -> new Val.ListOf(es.stream().map(AbiFixture::freshHandles).toList());
      case Val.TupleOf(List<Val> es) -> new Val.TupleOf(es.stream().map(AbiFixture::freshHandles).toList());
      case Val.RecordOf(List<Val.Field> fs) -> new Val.RecordOf(
          fs.stream().map(f -> new Val.Field(f.name(), freshHandles(f.value()))).toList());
      case Val.VariantOf(String c, Val p) -> new Val.VariantOf(c, p == null ? null : freshHandles(p));
      case Val.OptionOf(Val p) -> new Val.OptionOf(p == null ? null : freshHandles(p));
      case Val.ResultOf(boolean ok, Val p) -> new Val.ResultOf(ok, p == null ? null : freshHandles(p));
      default -> v;
    };
  }

  /** A growable little-endian memory that records the byte range of every write. */
  static final class Memory implements AbiMemory {
    byte[] bytes = new byte[PAGE];
    /** {addr, len} of every write since the last {@link #clearWrites()}. */
    final List<long[]> writes = new ArrayList<>();

    void ensure(long size) {
      if (size > bytes.length) {
        long pages = (size + PAGE - 1) / PAGE;
        if (pages > 1024) {
          throw new AssertionError("memory past 64 MiB: " + size);
        }
        bytes = Arrays.copyOf(bytes, (int) (pages * PAGE));
      }
    }

    void fill(int addr, int len, byte b) {
      Arrays.fill(bytes, addr, addr + len, b);
    }

    void copy(int from, int to, int len) {
      System.arraycopy(bytes, from, bytes, to, len);
    }

    void clearWrites() {
      writes.clear();
    }

    private void wrote(int addr, int len) {
      writes.add(new long[] {addr & 0xFFFF_FFFFL, len});
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
      return (short) (bytes[addr] & 0xFF | (bytes[addr + 1] & 0xFF) << 8);
    }

    @Override
    public int readInt(int addr) {
      return readShort(addr) & 0xFFFF | (readShort(addr + 2) & 0xFFFF) << 16;
    }

    @Override
    public long readLong(int addr) {
      return readInt(addr) & 0xFFFF_FFFFL | (long) readInt(addr + 4) << 32;
    }

    @Override
    public void writeByte(int addr, byte v) {
      bytes[addr] = v;
      wrote(addr, 1);
    }

    @Override
    public void writeShort(int addr, short v) {
      bytes[addr] = (byte) v;
      bytes[addr + 1] = (byte) (v >> 8);
      wrote(addr, 2);
    }

    @Override
    public void writeInt(int addr, int v) {
      for (int i = 0; i < 4; i++) {
        bytes[addr + i] = (byte) (v >> 8 * i);
      }
      wrote(addr, 4);
    }

    @Override
    public void writeLong(int addr, long v) {
      for (int i = 0; i < 8; i++) {
        bytes[addr + i] = (byte) (v >> 8 * i);
      }
      wrote(addr, 8);
    }

    @Override
    public byte[] readBytes(int addr, int len) {
      return Arrays.copyOfRange(bytes, addr, Math.addExact(addr, len));
    }

    @Override
    public void write(int addr, byte[] src, int off, int len) {
      System.arraycopy(src, off, bytes, addr, len);
      wrote(addr, len);
    }
  }
}

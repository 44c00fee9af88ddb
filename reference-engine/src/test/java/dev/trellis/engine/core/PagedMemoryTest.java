package dev.trellis.engine.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.ActiveDataSegment;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.OpCode;
import com.dylibso.chicory.wasm.types.PassiveDataSegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * {@link PagedMemory} against Chicory's {@link ByteArrayMemory}, operation by operation: the same
 * results, the same exceptions with the same messages, the same contents, over random sequences
 * of reads, writes, grows, fills, copies and data segment operations that favour page edges and
 * the end of the memory.
 */
class PagedMemoryTest {

  @Property(tries = 300)
  void behavesLikeChicorysMemory(@ForAll long seed, @ForAll @IntRange(min = 0, max = 3) int initial,
      @ForAll @IntRange(min = 0, max = 3) int maxKind) {
    Random rnd = new Random(seed);
    int max = switch (maxKind) {
      case 0 -> initial;
      case 1 -> initial + 2;
      case 2 -> 40_000; // above Chicory's 32,767-page runtime maximum
      default -> MemoryLimits.MAX_PAGES;
    };
    MemoryLimits limits = new MemoryLimits(initial, max);
    Memory ours = new PagedMemory(limits);
    Memory theirs = new ByteArrayMemory(limits);
    DataSegment[] segs = segments(rnd);
    same("initialize", m -> {
      m.initialize(null, segs.clone(), 0);
      return null;
    }, ours, theirs);
    List<String> log = new ArrayList<>();
    for (int step = 0; step < 200; step++) {
      int op = rnd.nextInt(24);
      int a = address(rnd, theirs);
      int b = address(rnd, theirs);
      int n = length(rnd);
      long v = rnd.nextLong();
      int small = rnd.nextInt(10);
      log.add(op + " " + a + " " + b + " " + n);
      String what = "step " + step + " op " + op + " " + log;
      switch (op) {
        case 0 -> same(what, m -> m.grow(small == 0 ? Integer.MAX_VALUE : n % 4 - 1), ours, theirs);
        case 1 -> same(what, m -> m.read(a), ours, theirs);
        case 2 -> same(what, m -> {
          m.writeByte(a, (byte) v);
          return null;
        }, ours, theirs);
        case 3 -> same(what, m -> m.readShort(a), ours, theirs);
        case 4 -> same(what, m -> {
          m.writeShort(a, (short) v);
          return null;
        }, ours, theirs);
        case 5 -> same(what, m -> m.readInt(a), ours, theirs);
        case 6 -> same(what, m -> {
          m.writeI32(a, (int) v);
          return null;
        }, ours, theirs);
        case 7 -> same(what, m -> m.readLong(a), ours, theirs);
        case 8 -> same(what, m -> {
          m.writeLong(a, v);
          return null;
        }, ours, theirs);
        case 9 -> same(what, m -> Float.floatToRawIntBits(m.readFloat(a)), ours, theirs);
        case 10 -> same(what, m -> {
          m.writeF32(a, Float.intBitsToFloat((int) v));
          return null;
        }, ours, theirs);
        case 11 -> same(what, m -> Double.doubleToRawLongBits(m.readDouble(a)), ours, theirs);
        case 12 -> same(what, m -> {
          m.writeF64(a, Double.longBitsToDouble(v));
          return null;
        }, ours, theirs);
        case 13 -> same(what, m -> List.of(m.readU16(a), m.readF32(a), m.readF64(a)), ours, theirs);
        case 14 -> same(what, m -> m.readBytes(a, n), ours, theirs);
        case 15 -> {
          byte[] src = new byte[Math.max(0, n) + rnd.nextInt(3)];
          rnd.nextBytes(src);
          int off = rnd.nextInt(4) - 1;
          same(what, m -> {
            m.write(a, src, off, n);
            return null;
          }, ours, theirs);
        }
        case 16 -> same(what, m -> {
          m.fill((byte) v, a, a + n);
          return null;
        }, ours, theirs);
        case 17, 18 -> same(what, m -> {
          m.copy(a, op == 17 ? b : a + (int) (v % 70_000), n);
          return null;
        }, ours, theirs);
        case 19 -> same(what, m -> {
          m.initPassiveSegment(Math.floorMod(v, segs.length), a, small % 3, n);
          return null;
        }, ours, theirs);
        case 20 -> same(what, m -> {
          m.drop(Math.floorMod(v, segs.length));
          return null;
        }, ours, theirs);
        case 21 -> same(what, m -> List.of(m.pages(), m.initialPages(), m.maximumPages(), m.shared(),
            m.notify(a, 1)), ours, theirs);
        case 22 -> same(what, m -> m.waitOn(a, 0, 0L), ours, theirs);
        default -> {
          if (small == 0) {
            same(what, m -> {
              m.zero();
              return null;
            }, ours, theirs);
          }
        }
      }
      if (step % 20 == 0) {
        same("contents after " + log, m -> m.readBytes(0, m.pages() * Memory.PAGE_SIZE), ours, theirs);
      }
    }
    same("contents at the end", m -> m.readBytes(0, m.pages() * Memory.PAGE_SIZE), ours, theirs);
  }

  @Test
  void theTableGrowsWithTheMemoryNotWithItsMaximum() {
    PagedMemory m = new PagedMemory(new MemoryLimits(1, MemoryLimits.MAX_PAGES));
    assertThat(m.maximumPages()).isEqualTo(Memory.RUNTIME_MAX_PAGES);
    for (int i = 1; i < 300; i++) {
      m.writeByte(i * Memory.PAGE_SIZE - 1, (byte) i);
      assertThat(m.grow(1)).isEqualTo(i);
    }
    for (int i = 1; i < 300; i++) {
      assertThat(m.read(i * Memory.PAGE_SIZE - 1)).isEqualTo((byte) i);
    }
    assertThat(m.pages()).isEqualTo(300);
    assertThat(m.grow(Memory.RUNTIME_MAX_PAGES - 299)).isEqualTo(-1);
    assertThat(m.grow(0)).isEqualTo(300);
  }

  @Test
  void activeSegmentsAreWrittenAndCheckedLikeChicorys() {
    for (int offset : new int[] {0, 10, Memory.PAGE_SIZE - 3, Memory.PAGE_SIZE, 2 * Memory.PAGE_SIZE - 1, -1}) {
      DataSegment[] segs = {active(offset, new byte[] {1, 2, 3}), new PassiveDataSegment(new byte[] {4, 5})};
      MemoryLimits limits = new MemoryLimits(1, 3);
      same("offset " + offset, m -> {
        m.initialize(null, segs.clone());
        return m.readBytes(0, Memory.PAGE_SIZE);
      }, new PagedMemory(limits), new ByteArrayMemory(limits));
    }
  }

  private static DataSegment active(int offset, byte[] data) {
    return new ActiveDataSegment(0, List.of(new Instruction(0, OpCode.I32_CONST, new long[] {offset}),
        new Instruction(0, OpCode.END, new long[0])), data);
  }

  private static DataSegment[] segments(Random rnd) {
    DataSegment[] segs = new DataSegment[1 + rnd.nextInt(3)];
    for (int i = 0; i < segs.length; i++) {
      byte[] data = new byte[rnd.nextInt(20)];
      rnd.nextBytes(data);
      segs[i] = rnd.nextBoolean() ? new PassiveDataSegment(data) : active(rnd.nextInt(200), data);
    }
    return segs;
  }

  /** An address near something interesting: a page edge, the end of the memory, zero, or anywhere. */
  private static int address(Random rnd, Memory m) {
    int size = m.pages() * Memory.PAGE_SIZE;
    return switch (rnd.nextInt(6)) {
      case 0 -> size - rnd.nextInt(10);
      case 1 -> (rnd.nextInt(m.pages() + 2)) * Memory.PAGE_SIZE - rnd.nextInt(10) + 1;
      case 2 -> rnd.nextInt(16) - 4;
      case 3 -> rnd.nextInt();
      default -> rnd.nextInt(Math.max(1, size + 20));
    };
  }

  private static int length(Random rnd) {
    return switch (rnd.nextInt(5)) {
      case 0 -> rnd.nextInt(4) - 1;
      case 1 -> Memory.PAGE_SIZE + rnd.nextInt(5) - 2;
      case 2 -> rnd.nextInt(200_000);
      default -> rnd.nextInt(40);
    };
  }

  /** Applies {@code op} to both memories: the same result, or the same exception and message. */
  private static void same(String what, Function<Memory, Object> op, Memory ours, Memory theirs) {
    assertThat(outcome(op, ours)).as(what).isEqualTo(outcome(op, theirs));
  }

  private static Object outcome(Function<Memory, Object> op, Memory m) {
    try {
      Object r = op.apply(m);
      return r instanceof byte[] bytes ? "bytes " + Arrays.hashCode(bytes) + " " + bytes.length : Objects.toString(r);
    } catch (RuntimeException e) {
      return e.getClass().getName() + ": " + e.getMessage();
    }
  }
}

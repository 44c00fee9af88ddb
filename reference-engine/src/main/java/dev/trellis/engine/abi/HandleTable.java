package dev.trellis.engine.abi;

import dev.trellis.engine.error.TrapKind;
import java.util.Arrays;

/**
 * {@code Table} of <a href="../../../../../../../../shared/spec/component-model/CanonicalABI.md#table-state">CanonicalABI.md#table-state</a>:
 * a growable array of elements addressed by {@code i32} indices, slot 0 reserved, at most
 * {@link #MAX_LENGTH} slots, holes reused most-recently-freed first (the spec's free list is a
 * stack). Each slot also carries a generation, bumped whenever its element is removed, so a
 * holder of an (index, generation) pair can tell a live element from a reused slot.
 */
public final class HandleTable {
  /** {@code Table.MAX_LENGTH}. */
  public static final int MAX_LENGTH = (1 << 28) - 1;

  private Object[] array = new Object[8];
  private int[] generations = new int[8];
  private int length = 1; // slot 0 is reserved
  private int[] free = new int[4];
  private int freeCount;

  /** {@code Table.get}: traps on an index out of bounds or on a hole. */
  public Object get(long i) {
    if (i < 0 || i >= length) {
      throw Traps.unknownHandle(i);
    }
    Object e = array[(int) i];
    if (e == null) {
      throw Traps.unknownHandle(i);
    }
    return e;
  }

  /** {@code Table.add}: fills the most recently freed hole, else appends; traps past {@link #MAX_LENGTH}. */
  public int add(Object e) {
    int i;
    if (freeCount > 0) {
      i = free[--freeCount];
    } else {
      i = length;
      if (i > MAX_LENGTH) {
        throw Traps.trap(TrapKind.HANDLE_TABLE_FULL);
      }
      if (i == array.length) {
        int n = Math.min(array.length * 2, MAX_LENGTH + 1);
        array = Arrays.copyOf(array, n);
        generations = Arrays.copyOf(generations, n);
      }
      length++;
    }
    array[i] = e;
    return i;
  }

  /** {@code Table.remove}: traps like {@link #get}, leaves a hole, bumps the slot's generation. */
  public Object remove(long i) {
    Object e = get(i);
    int idx = (int) i;
    array[idx] = null;
    generations[idx]++;
    if (freeCount == free.length) {
      free = Arrays.copyOf(free, free.length * 2);
    }
    free[freeCount++] = idx;
    return e;
  }

  /** The generation of slot {@code i}: changes every time the element there is removed. */
  public int generation(int i) {
    return i > 0 && i < length ? generations[i] : -1;
  }

  /** Number of live elements. */
  public int liveCount() {
    return length - 1 - freeCount;
  }
}

package dev.trellis.engine.wasi;

import java.util.Arrays;

/**
 * The host objects behind the WASI resources of one store, by representation ({@code rep}):
 * what a guest's handle stands for. Reps are reused after a drop. The engine checks handle
 * types, so a rep always names an object of the type the guest's handle has.
 */
final class ResourceTable {
  private Object[] slots = new Object[32];
  private int[] free = new int[32];
  private int freeCount;
  private int next = 1; // rep 0 is never used
  private int live;

  int push(Object o) {
    int rep;
    if (freeCount > 0) {
      rep = free[--freeCount];
    } else {
      rep = next++;
      if (rep >= slots.length) {
        slots = Arrays.copyOf(slots, slots.length * 2);
      }
    }
    slots[rep] = o;
    live++;
    return rep;
  }

  <T> T get(int rep, Class<T> type) {
    Object o = rep > 0 && rep < slots.length ? slots[rep] : null;
    if (o == null) {
      throw new IllegalStateException("no WASI resource " + rep);
    }
    if (!type.isInstance(o)) {
      throw new IllegalStateException("WASI resource " + rep + " is a " + o.getClass().getSimpleName() + ", not a "
          + type.getSimpleName());
    }
    return type.cast(o);
  }

  Object remove(int rep) {
    Object o = rep > 0 && rep < slots.length ? slots[rep] : null;
    if (o == null) {
      return null;
    }
    slots[rep] = null;
    if (freeCount == free.length) {
      free = Arrays.copyOf(free, free.length * 2);
    }
    free[freeCount++] = rep;
    live--;
    return o;
  }

  /** How many resources are live. */
  int size() {
    return live;
  }

  /** Removes every resource, closing those that hold host resources. */
  void closeAll() {
    for (int i = 1; i < next && i < slots.length; i++) {
      Object o = slots[i];
      slots[i] = null;
      if (o instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception ignored) {
          // best effort: the instance is gone
        }
      }
    }
    freeCount = 0;
    next = 1;
    live = 0;
  }
}

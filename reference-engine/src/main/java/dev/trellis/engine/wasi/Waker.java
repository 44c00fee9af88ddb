package dev.trellis.engine.wasi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Selector;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes a guest blocked in {@code poll} when something it waits for may have changed: data
 * arriving on a pumped stream, an HTTP response, a resolver result. Sockets are waited on
 * through a {@link Selector} of the store's own, opened the first time a guest polls a socket.
 */
final class Waker {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private boolean signalled;
  private volatile Selector selector;
  /** Run before the guest actually waits (the HTTP server pushes out a held-back response). */
  Runnable beforeWait;

  /** Something changed: wake the waiting guest, if any. */
  void signal() {
    lock.lock();
    try {
      signalled = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    Selector s = selector;
    if (s != null) {
      s.wakeup();
    }
  }

  /** Waits until signalled or {@code nanos} pass (MAX_VALUE: no limit). */
  void await(long nanos) {
    lock.lock();
    try {
      long left = nanos;
      while (!signalled && left > 0) {
        if (nanos == Long.MAX_VALUE) {
          changed.await();
        } else {
          left = changed.awaitNanos(left);
        }
      }
      signalled = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Interrupted();
    } finally {
      lock.unlock();
    }
  }

  void clear() {
    lock.lock();
    try {
      signalled = false;
    } finally {
      lock.unlock();
    }
  }

  Selector selector() {
    Selector s = selector;
    if (s == null) {
      try {
        s = Selector.open();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      selector = s;
    }
    return s;
  }

  boolean hasSelector() {
    return selector != null;
  }

  void close() {
    Selector s = selector;
    if (s != null) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing
      }
    }
  }

  static long millisCeil(long nanos) {
    return nanos == Long.MAX_VALUE ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999));
  }

  /** The guest's thread was interrupted (its deadline passed) while it waited. */
  static final class Interrupted extends RuntimeException {
    Interrupted() {
      super("interrupted while waiting", null, false, false);
    }
  }
}

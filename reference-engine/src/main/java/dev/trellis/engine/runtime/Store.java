package dev.trellis.engine.runtime;

import dev.trellis.engine.core.Fuel;
import dev.trellis.engine.error.TrapException;
import dev.trellis.engine.error.TrapKind;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A store (CanonicalABI.md#embedding): the instances that may call each other, the host's data
 * {@code T} that host functions see, and the limits that stop a guest — a fuel budget (counted
 * by the interpreter backend) and a deadline (both backends). A store is used by one thread
 * at a time.
 */
public final class Store<T> {
  private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "trellis-deadline");
    t.setDaemon(true);
    return t;
  });

  private final Engine engine;
  private T data;
  private final Fuel fuel = new Fuel();
  private long deadlineNanos = Long.MAX_VALUE; // System.nanoTime() based
  private Duration callTimeout;
  private int depth;
  private final Map<Object, Object> engineState = new IdentityHashMap<>();

  public Store(Engine engine, T data) {
    this.engine = engine;
    this.data = data;
  }

  public Engine engine() {
    return engine;
  }

  public T data() {
    return data;
  }

  public void setData(T data) {
    this.data = data;
  }

  /**
   * Sets the fuel budget: the number of core instructions guests in this store may still run
   * (interpreter backend; compiled code does not count). Out of fuel, a guest traps with
   * {@link TrapKind#FUEL_EXHAUSTED}. {@code Long.MAX_VALUE} removes the limit. Affects
   * instances created after the call.
   */
  public void setFuel(long units) {
    fuel.set(units);
  }

  /** Fuel left, or {@code Long.MAX_VALUE} when unlimited. */
  public long fuel() {
    return fuel.enabled() ? fuel.remaining() : Long.MAX_VALUE;
  }

  /** Stops guests with {@link TrapKind#DEADLINE_EXCEEDED} once {@code fromNow} has elapsed. */
  public void setDeadline(Duration fromNow) {
    deadlineNanos = System.nanoTime() + fromNow.toNanos();
  }

  /** Stops each call from the host into a guest after {@code timeout} (null: no limit). */
  public void setCallTimeout(Duration timeout) {
    this.callTimeout = timeout;
  }

  /** Engine use: the fuel counter instances of this store are built with. */
  public Fuel fuelCounter() {
    return fuel;
  }

  /** Engine use: per-store state of engine components (e.g. host resource types), keyed by owner. */
  @SuppressWarnings("unchecked")
  public <V> V engineState(Object key, Function<Object, V> create) {
    return (V) engineState.computeIfAbsent(key, create);
  }

  /**
   * Engine use: runs a call from the host into a guest, arming the deadline for the outermost
   * call. A guest still running at the deadline is interrupted and the call traps.
   */
  public <R> R enter(Supplier<R> call) {
    if (depth > 0) {
      depth++;
      try {
        return call.get();
      } finally {
        depth--;
      }
    }
    long deadline = deadlineNanos;
    if (callTimeout != null) {
      deadline = Math.min(deadline, System.nanoTime() + callTimeout.toNanos());
    }
    if (deadline == Long.MAX_VALUE) {
      depth++;
      try {
        return call.get();
      } finally {
        depth--;
      }
    }
    long delay = deadline - System.nanoTime();
    if (delay <= 0) {
      throw new TrapException(TrapKind.DEADLINE_EXCEEDED);
    }
    Thread self = Thread.currentThread();
    Watchdog w = new Watchdog(self);
    ScheduledFuture<?> f = TIMER.schedule(w, delay, TimeUnit.NANOSECONDS);
    depth++;
    try {
      return call.get();
    } catch (RuntimeException e) {
      if (w.fired() && !(e instanceof TrapException t && t.kind() == TrapKind.DEADLINE_EXCEEDED)) {
        throw new TrapException(TrapKind.DEADLINE_EXCEEDED, null, e);
      }
      throw e;
    } finally {
      depth--;
      f.cancel(false);
      if (w.disarm()) {
        Thread.interrupted(); // the interrupt was meant for the guest, not for the caller
      }
    }
  }

  /** Interrupts the guest's thread at the deadline, unless the call already ended. */
  private static final class Watchdog implements Runnable {
    private final Thread thread;
    private boolean armed = true;
    private boolean fired;

    Watchdog(Thread thread) {
      this.thread = thread;
    }

    @Override
    public synchronized void run() {
      if (armed) {
        fired = true;
        thread.interrupt();
      }
    }

    synchronized boolean fired() {
      return fired;
    }

    /** Returns whether the watchdog fired. */
    synchronized boolean disarm() {
      armed = false;
      return fired;
    }
  }
}

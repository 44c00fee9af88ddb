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
  private int maxMemoryPages = Integer.MAX_VALUE;
  private int maxTableElements = Integer.MAX_VALUE;
  private int depth;
  private boolean limited;
  /** Small until used: most stores hold a handful of entries (one per host resource type met). */
  private final Map<Object, Object> engineState = new IdentityHashMap<>(4);

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
    limited = true;
  }

  /** Stops each call from the host into a guest after {@code timeout} (null: no limit). */
  public void setCallTimeout(Duration timeout) {
    this.callTimeout = timeout;
    if (timeout != null) {
      limited = true;
    }
  }

  /**
   * Engine use: whether calls need the {@link #begin}/{@link #end} bracket at all (a deadline
   * or call timeout was ever set). Without one, calls skip it.
   */
  public boolean timed() {
    return limited;
  }

  /**
   * Caps every linear memory of instances created from now on at {@code bytes} (rounded down to
   * 64 KiB pages): growing past it fails as {@code memory.grow} does (-1), and instantiating a
   * module whose memory starts larger fails with a {@link dev.trellis.engine.error.LinkException}.
   */
  public void setMemoryLimit(long bytes) {
    maxMemoryPages = (int) Math.min(Integer.MAX_VALUE, Math.max(0, bytes / 65536));
  }

  /** Engine use: the memory cap in pages ({@code Integer.MAX_VALUE}: none). */
  public int memoryLimitPages() {
    return maxMemoryPages;
  }

  /**
   * Caps every table of instances created from now on at {@code elements} entries: growing past
   * it fails as {@code table.grow} does (-1), and instantiating a module whose table starts
   * larger fails with a {@link dev.trellis.engine.error.LinkException}.
   */
  public void setTableLimit(long elements) {
    maxTableElements = (int) Math.min(Integer.MAX_VALUE, Math.max(0, elements));
  }

  /** Engine use: the table cap in elements ({@code Integer.MAX_VALUE}: none). */
  public int tableLimitElements() {
    return maxTableElements;
  }

  /**
   * Drops an owned resource handle the host holds: the handle dies and, for a resource a
   * guest defined, its destructor runs in the defining instance (a call from the host, with
   * the same deadline and reentrance rules). Dropping a handle of a host-defined type only
   * kills the handle; the host releases its own representation.
   */
  public void dropResource(ResourceHandle handle) {
    if (!handle.isOwned()) {
      throw new IllegalArgumentException("only an owned handle can be dropped: " + handle);
    }
    if (!handle.isLive()) {
      throw new TrapException(TrapKind.HANDLE_MOVED, handle.toString());
    }
    handle.expire();
    var rt = handle.runtimeType();
    if (rt == null || rt.dtor() == null) {
      if (rt != null && rt.impl() != null && !rt.impl().mayEnterFrom(null)) {
        throw new TrapException(TrapKind.CANNOT_ENTER);
      }
      return;
    }
    enter(() -> {
      rt.dtor().destroy(null, handle.rep());
      return null;
    });
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
   * Engine use: marks the start of a call from the host into a guest; returns a token for
   * {@link #end}, or null when no deadline applies (the common, allocation-free case). A guest
   * still running at the deadline is interrupted and the call traps.
   */
  public Object begin() {
    if (depth++ > 0) {
      return null;
    }
    long deadline = deadlineNanos;
    if (callTimeout != null) {
      deadline = Math.min(deadline, System.nanoTime() + callTimeout.toNanos());
    }
    if (deadline == Long.MAX_VALUE) {
      return null;
    }
    long delay = deadline - System.nanoTime();
    if (delay <= 0) {
      depth--;
      throw new TrapException(TrapKind.DEADLINE_EXCEEDED);
    }
    Watchdog w = new Watchdog(Thread.currentThread());
    w.future = TIMER.schedule(w, delay, TimeUnit.NANOSECONDS);
    return w;
  }

  /**
   * Engine use: the end of a call started with {@link #begin}; {@code failure} is what the call
   * threw, or null. Returns the exception to throw instead (a deadline trap when the watchdog
   * fired), or {@code failure} itself.
   */
  public RuntimeException end(Object token, RuntimeException failure) {
    depth--;
    if (!(token instanceof Watchdog w)) {
      return failure;
    }
    w.future.cancel(false);
    if (w.disarm()) {
      Thread.interrupted(); // the interrupt was meant for the guest, not for the caller
      if (failure != null && !(failure instanceof TrapException t && t.kind() == TrapKind.DEADLINE_EXCEEDED)) {
        return new TrapException(TrapKind.DEADLINE_EXCEEDED, null, failure);
      }
    }
    return failure;
  }

  /** Engine use: {@link #begin}, {@code call}, {@link #end}. */
  public <R> R enter(Supplier<R> call) {
    Object token = begin();
    R r;
    try {
      r = call.get();
    } catch (RuntimeException e) {
      throw end(token, e);
    }
    RuntimeException late = end(token, null);
    if (late != null) {
      throw late;
    }
    return r;
  }

  /** Interrupts the guest's thread at the deadline, unless the call already ended. */
  private static final class Watchdog implements Runnable {
    private final Thread thread;
    ScheduledFuture<?> future;
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

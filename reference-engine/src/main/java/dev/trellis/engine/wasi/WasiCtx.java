package dev.trellis.engine.wasi;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * What a WASI 0.2 guest may see and do: its arguments, environment and stdio, the directories it
 * may open, the network addresses and HTTP authorities it may reach, its clocks and random
 * sources, and its limits. Immutable and shareable between any number of instances (each gets
 * its own {@link WasiState}); made with {@link #builder()}. Nothing is granted unless the builder
 * says so: no arguments, no environment, empty stdin, discarded stdout and stderr, no
 * directories, no network, no outgoing HTTP.
 */
public final class WasiCtx {
  /** What a guest may do in a preopened directory. */
  public enum Perms {
    /** Open, read, stat and list; no writing, creating, renaming or removing. */
    READ_ONLY,
    /** Everything, within the directory. */
    READ_WRITE
  }

  /** A host directory the guest sees as {@code guestPath}. */
  public record Preopen(Path hostPath, String guestPath, Perms perms) {}

  /** The guest's wall clock: an instant and the clock's resolution. */
  public interface WallClock {
    Instant now();

    default Duration resolution() {
      return Duration.ofNanos(1000);
    }

    /** A clock that always reads {@code instant} (deterministic tests). */
    static WallClock fixed(Instant instant) {
      return () -> instant;
    }
  }

  /**
   * The guest's monotonic clock in nanoseconds. A guest waiting on it (a pollable of
   * {@code subscribe-duration}/{@code subscribe-instant}) is woken when the clock reaches the
   * instant or, whichever comes first, when as much real time has passed — so a clock that does
   * not advance cannot hang a guest.
   */
  public interface MonotonicClock {
    long now();

    default long resolution() {
      return 1;
    }

    /** A clock that reads {@code start}, {@code start + step}, ... (deterministic tests). */
    static MonotonicClock ticking(long start, long step) {
      java.util.concurrent.atomic.AtomicLong t = new java.util.concurrent.atomic.AtomicLong(start - step);
      return () -> t.addAndGet(step);
    }
  }

  /**
   * Limits of each instance: its linear memories' size in bytes and tables' entries (0: no
   * limit beyond the module's own), how long each call into it may run (null: no limit), and how
   * many core instructions it may execute (interpreter backend; {@code Long.MAX_VALUE}: no limit).
   */
  public record Limits(long maxMemoryBytes, long maxTableElements, Duration deadline, long fuel) {
    public static final Limits NONE = new Limits(0, 0, null, Long.MAX_VALUE);
  }

  final List<String> args;
  final List<Map.Entry<String, String>> env;
  final Supplier<InputStream> stdin; // null: empty
  final boolean stdinInherited;
  final OutputStream stdout; // null: discarded
  final OutputStream stderr;
  final boolean stdoutTerminal;
  final boolean stderrTerminal;
  final List<Preopen> preopens;
  final WallClock wallClock;
  final MonotonicClock monotonicClock;
  final RandomGenerator random;
  final RandomGenerator insecureRandom;
  final long[] insecureSeed;
  final List<NetGrant> netGrants;
  final boolean nameLookup;
  final List<String> httpAllow;
  final Limits limits;
  final java.time.ZoneId timezone;
  final java.util.function.Consumer<String> onHostCall; // null: nobody listens

  WasiCtx(WasiCtxBuilder b) {
    args = List.copyOf(b.args);
    env = List.copyOf(b.env);
    stdin = b.stdin;
    stdinInherited = b.stdinInherited;
    stdout = b.stdout;
    stderr = b.stderr;
    stdoutTerminal = b.stdoutTerminal;
    stderrTerminal = b.stderrTerminal;
    preopens = List.copyOf(b.preopens);
    wallClock = b.wallClock;
    monotonicClock = b.monotonicClock;
    random = b.random;
    insecureRandom = b.insecureRandom;
    insecureSeed = b.insecureSeed.clone();
    netGrants = List.copyOf(b.netGrants);
    nameLookup = b.nameLookup;
    httpAllow = List.copyOf(b.httpAllow);
    limits = b.limits;
    timezone = b.timezone;
    onHostCall = b.onHostCall;
  }

  public static WasiCtxBuilder builder() {
    return new WasiCtxBuilder();
  }

  /** A context that grants nothing. */
  public static WasiCtx empty() {
    return builder().build();
  }

  /** The arguments, {@code argv[0]} first. */
  public List<String> args() {
    return args;
  }

  public List<Map.Entry<String, String>> env() {
    return env;
  }

  public List<Preopen> preopens() {
    return preopens;
  }

  public Limits limits() {
    return limits;
  }

  /** Whether outgoing HTTP requests to {@code authority} ({@code host[:port]}) are allowed. */
  public boolean httpAllowed(String authority, boolean https) {
    return HttpAllow.allowed(httpAllow, authority, https);
  }
}

package dev.trellis.engine.wasi;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Builds an immutable {@link WasiCtx}. Every grant is explicit; a builder nobody configured
 * grants nothing. Not thread-safe; the {@link WasiCtx} it builds is.
 */
public final class WasiCtxBuilder {
  final List<String> args = new ArrayList<>();
  final List<Map.Entry<String, String>> env = new ArrayList<>();
  Supplier<InputStream> stdin;
  boolean stdinInherited;
  OutputStream stdout;
  OutputStream stderr;
  boolean stdoutTerminal;
  boolean stderrTerminal;
  final List<WasiCtx.Preopen> preopens = new ArrayList<>();
  WasiCtx.WallClock wallClock = Instant::now;
  WasiCtx.MonotonicClock monotonicClock = System::nanoTime;
  RandomGenerator random = new SecureRandom();
  RandomGenerator insecureRandom = new Random();
  long[] insecureSeed = {new SecureRandom().nextLong(), new SecureRandom().nextLong()};
  final List<NetGrant> netGrants = new ArrayList<>();
  boolean nameLookup;
  final List<String> httpAllow = new ArrayList<>();
  WasiCtx.Limits limits = WasiCtx.Limits.NONE;
  java.time.ZoneId timezone = java.time.ZoneOffset.UTC;
  java.util.function.Consumer<String> onHostCall;

  WasiCtxBuilder() {}

  /** Appends one argument; the first is the program name, {@code argv[0]}. */
  public WasiCtxBuilder arg(String a) {
    args.add(Objects.requireNonNull(a));
    return this;
  }

  public WasiCtxBuilder args(List<String> as) {
    as.forEach(this::arg);
    return this;
  }

  /** Adds an environment variable (a later value for the same name replaces the earlier). */
  public WasiCtxBuilder env(String name, String value) {
    env.removeIf(e -> e.getKey().equals(name));
    env.add(new AbstractMap.SimpleImmutableEntry<>(name, value));
    return this;
  }

  /** Adds the host process's whole environment. */
  public WasiCtxBuilder inheritEnv() {
    System.getenv().forEach(this::env);
    return this;
  }

  /** Stdin reads these bytes, then end of stream. */
  public WasiCtxBuilder stdin(byte[] bytes) {
    byte[] copy = bytes.clone();
    stdin = () -> new ByteArrayInputStream(copy);
    stdinInherited = false;
    return this;
  }

  /** Stdin reads a fresh stream from {@code source} for each instance. */
  public WasiCtxBuilder stdin(Supplier<InputStream> source) {
    stdin = source;
    stdinInherited = false;
    return this;
  }

  /** Stdout goes to {@code out} (shared by every instance of the context). */
  public WasiCtxBuilder stdout(OutputStream out) {
    stdout = out;
    stdoutTerminal = false;
    return this;
  }

  public WasiCtxBuilder stderr(OutputStream err) {
    stderr = err;
    stderrTerminal = false;
    return this;
  }

  /** The host process's stdin, stdout and stderr (terminals are reported as such). */
  public WasiCtxBuilder inheritStdio() {
    stdin = () -> System.in;
    stdinInherited = true;
    stdout = System.out;
    stderr = System.err;
    boolean tty = System.console() != null && System.console().isTerminal();
    stdoutTerminal = tty;
    stderrTerminal = tty;
    return this;
  }

  /**
   * Makes host directory {@code host} visible to the guest as {@code guest}. The guest reaches
   * nothing outside it: not through {@code ..}, absolute paths, or symbolic links pointing out.
   */
  public WasiCtxBuilder preopenedDir(Path host, String guest, WasiCtx.Perms perms) {
    Path real;
    try {
      real = host.toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot preopen " + host + ": " + e.getMessage(), e);
    }
    if (!Files.isDirectory(real)) {
      throw new IllegalArgumentException("cannot preopen " + host + ": not a directory");
    }
    preopens.add(new WasiCtx.Preopen(real, guest, Objects.requireNonNull(perms)));
    return this;
  }

  public WasiCtxBuilder wallClock(WasiCtx.WallClock clock) {
    wallClock = Objects.requireNonNull(clock);
    return this;
  }

  public WasiCtxBuilder monotonicClock(WasiCtx.MonotonicClock clock) {
    monotonicClock = Objects.requireNonNull(clock);
    return this;
  }

  /**
   * The source of {@code wasi:random/random} (a cryptographically secure one by default). It is
   * shared by every instance of the context, so it must be thread-safe if they run concurrently.
   */
  public WasiCtxBuilder random(RandomGenerator r) {
    random = Objects.requireNonNull(r);
    return this;
  }

  /** The source of {@code wasi:random/insecure}. */
  public WasiCtxBuilder insecureRandom(RandomGenerator r) {
    insecureRandom = Objects.requireNonNull(r);
    return this;
  }

  /** What {@code wasi:random/insecure-seed} returns. */
  public WasiCtxBuilder insecureSeed(long a, long b) {
    insecureSeed = new long[] {a, b};
    return this;
  }

  /** Fixed clocks and seeded random sources, so that every run sees the same values. */
  public WasiCtxBuilder deterministic(long seed) {
    wallClock = WasiCtx.WallClock.fixed(Instant.ofEpochSecond(1_700_000_000L));
    monotonicClock = WasiCtx.MonotonicClock.ticking(0, 1_000);
    random = new Random(seed);
    insecureRandom = new Random(seed + 1);
    insecureSeed = new long[] {seed, ~seed};
    return this;
  }

  /**
   * Grants TCP and UDP to the addresses {@code spec} names, as local addresses to bind and remote
   * addresses to connect or send to: {@code *}, {@code ADDR}, {@code ADDR/PREFIX},
   * {@code ADDR:PORT}, {@code ADDR:LOW-HIGH}, {@code [V6]:PORT}, or {@code HOST[:PORT]} (the
   * addresses it resolves to now).
   */
  public WasiCtxBuilder allowNetwork(String spec) {
    netGrants.addAll(NetGrant.parse(spec));
    return this;
  }

  /** Grants every address, and name lookup. */
  public WasiCtxBuilder inheritNetwork() {
    netGrants.add(NetGrant.ALL);
    nameLookup = true;
    return this;
  }

  /** Allows {@code wasi:sockets/ip-name-lookup}. */
  public WasiCtxBuilder allowIpNameLookup(boolean allow) {
    nameLookup = allow;
    return this;
  }

  /**
   * Allows outgoing HTTP requests ({@code wasi:http/outgoing-handler}) to authorities matching
   * {@code pattern}: {@code *}, {@code host}, {@code host:port}, {@code *.domain}, optionally
   * with {@code http://} or {@code https://} in front.
   */
  public WasiCtxBuilder allowHttp(String pattern) {
    httpAllow.add(Objects.requireNonNull(pattern));
    return this;
  }

  /** The time zone {@code wasi:clocks/timezone} reports (UTC unless set). */
  public WasiCtxBuilder timezone(java.time.ZoneId zone) {
    timezone = Objects.requireNonNull(zone);
    return this;
  }

  public WasiCtxBuilder limits(WasiCtx.Limits l) {
    limits = Objects.requireNonNull(l);
    return this;
  }

  /** Stops each call into an instance after {@code d}. */
  public WasiCtxBuilder deadline(Duration d) {
    limits = new WasiCtx.Limits(limits.maxMemoryBytes(), limits.maxTableElements(), d, limits.fuel());
    return this;
  }

  /**
   * Caps each instance's linear memories at {@code bytes} and tables at {@code elements} entries
   * (0: no cap beyond the module's own): growing past them fails as {@code memory.grow} and
   * {@code table.grow} do, and a module that starts larger does not instantiate.
   */
  public WasiCtxBuilder memoryLimits(long bytes, long elements) {
    limits = new WasiCtx.Limits(bytes, elements, limits.deadline(), limits.fuel());
    return this;
  }

  /** Stops an instance after {@code units} core instructions (interpreter backend). */
  public WasiCtxBuilder fuel(long units) {
    limits = new WasiCtx.Limits(limits.maxMemoryBytes(), limits.maxTableElements(), limits.deadline(), units);
    return this;
  }

  /**
   * Tells {@code listener} the name of every WASI function the guest calls, as
   * {@code wasi:io/streams#[method]output-stream.write} (no version), before the host runs it;
   * from any thread that calls into the host. Test harnesses use it to check which functions a
   * program really called.
   */
  public WasiCtxBuilder onHostCall(java.util.function.Consumer<String> listener) {
    onHostCall = Objects.requireNonNull(listener);
    return this;
  }

  public WasiCtx build() {
    return new WasiCtx(this);
  }
}

package dev.trellis.bench.engines;

import dev.trellis.bench.workloads.Workload;
import dev.trellis.engine.runtime.Val;
import java.util.List;
import java.util.Set;

/**
 * An in-process engine as the JMH benchmarks drive it: each phase of {@link Phase} as one
 * method taking the previous phase's artifact, so a benchmark times exactly one phase. An
 * engine that cannot separate two phases says so in {@link #phases()} and {@link #note(Phase)}
 * (Wasmtime's C API compiles straight from bytes, for instance).
 *
 * <p>Not thread-safe: one benchmark thread per driver.
 */
public interface EngineDriver extends AutoCloseable {
  /** The runtime id, as in {@code trellis runtimes}. */
  String runtime();

  /** Whether it runs components (else core modules). */
  boolean components();

  /** The phases it can time separately. */
  default Set<Phase> phases() {
    return Drivers.phases(runtime(), components() ? "component" : "core");
  }

  /** What a phase includes beyond its name, when it does (e.g. "includes decode"), or null. */
  default String note(Phase p) {
    return null;
  }

  /** Whether this engine can instantiate the workload's form it runs. */
  default boolean runs(Workload w) {
    return components() ? w.hasComponent() : w.hasCore();
  }

  /** The bytes of the form of {@code w} this engine runs. */
  default byte[] bytes(Workload w) {
    return components() ? w.componentBytes() : w.coreBytes();
  }

  Object decode(byte[] bytes);

  /** The validate phase's input for {@code bytes} (what {@link #decode} returns, by default). */
  default Object validateInput(byte[] bytes) {
    return decode(bytes);
  }

  Object validate(Object decoded);

  /** Compiles; {@code input} is what {@link #validate} returned, or the bytes if the engine starts there. */
  Object compile(Object input);

  /** The compile phase's input for {@code bytes}: running the phases before it. */
  Object compileInput(byte[] bytes);

  /** A new instance of a compiled artifact. */
  Object instantiate(Object compiled);

  /** Frees a compiled artifact the engine does not free by itself (native code); no-op by default. */
  default void free(Object compiled) {}

  /** Releases an instance the engine does not free by itself (a store, a context); no-op by default. */
  default void release(Object instance) {}

  /** A new instance straight from the bytes (every phase). */
  default Object instantiateCold(byte[] bytes) {
    return instantiate(compile(compileInput(bytes)));
  }

  /** A fast caller of {@code w}'s export on {@code instance}, with {@code w}'s arguments. */
  Caller caller(Object instance, Workload w);

  /** A call prepared once and made many times. */
  interface Caller {
    /** Calls; returns something derived from the results (for the benchmark to consume). */
    Object call();

    /** Calls once and returns the results as {@link Val}s, for the correctness check. */
    List<Val> results();
  }

  @Override
  default void close() {}
}

package dev.trellis.bench;

import dev.trellis.bench.workloads.Workload;
import dev.trellis.bench.workloads.Workloads;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * How much a bench run measures, and how long it looks at each thing.
 *
 * <ul>
 *   <li>{@code smoke} — the plumbing only, in seconds (the tests run it): every section on the
 *       runtimes asked for, one short iteration each, no forks; its numbers mean nothing;
 *   <li>{@code quick} — what {@code trellis nightly} runs: every detected runtime, one JMH fork
 *       per benchmark, short iterations (longer warm-up for the compute kernels and GraalWasm,
 *       whose JITs need it), the workloads the ratios need; under ten minutes on two idle cores;
 *   <li>{@code full} — every workload on every engine and every payload size, three forks,
 *       one-second iterations, 10,000-instance density.
 * </ul>
 */
public enum Profile {
  SMOKE(0, new Iterations(0, Duration.ZERO, 2, Duration.ofMillis(20)),
      new Iterations(0, Duration.ZERO, 1, Duration.ofMillis(20)),
      new Iterations(1, Duration.ofMillis(100), 1, Duration.ofMillis(50)),
      List.of(Workloads.NOP), List.of(Workloads.NOP, Workloads.ADD), List.of(Workloads.SHA256),
      List.of(1024), List.of(1024), List.of(10), 1, Duration.ofMillis(300), Duration.ofSeconds(1), 0, 2, 20,
      new Paired(3, 20, 50, 300)),
  QUICK(1, new Iterations(2, Duration.ofMillis(200), 5, Duration.ofMillis(200)),
      new Iterations(6, Duration.ofMillis(500), 5, Duration.ofMillis(200)),
      new Iterations(10, Duration.ofSeconds(1), 5, Duration.ofMillis(200)),
      List.of(Workloads.NOP, Workloads.SHA256, Workloads.HELLO_HTTP), List.of(Workloads.NOP, Workloads.ADD),
      Workloads.KERNELS, List.of(1, 1024, 65536, 1048576), List.of(65536), List.of(10, 100, 1000), 2,
      Duration.ofSeconds(1), Duration.ofSeconds(5), 1, 5, 200, new Paired(15, 500, 3000, 10000)),
  FULL(3, new Iterations(5, Duration.ofSeconds(1), 10, Duration.ofSeconds(1)),
      new Iterations(10, Duration.ofSeconds(1), 10, Duration.ofSeconds(1)),
      new Iterations(20, Duration.ofSeconds(1), 10, Duration.ofSeconds(1)),
      List.of(Workloads.NOP, Workloads.SHA256, Workloads.JSON, Workloads.REGEX, Workloads.MATRIX, Workloads.HELLO_HTTP,
          Workloads.HELLO_JS),
      List.of(Workloads.NOP, Workloads.ADD, Workloads.MIX), Workloads.KERNELS,
      List.of(1, 1024, 65536, 1048576), List.of(1, 1024, 65536, 1048576), List.of(10, 100, 1000, 10000), 5,
      Duration.ofSeconds(3), Duration.ofSeconds(20), 3, 30, 1000, new Paired(41, 2000, 10000, 30000));

  /** The paired ratios ({@link PairedMain}): measured rounds and warm-up times in milliseconds. */
  public record Paired(int rounds, long warmupMs, long kernelWarmupMs, long graalWarmupMs) {}

  /** JMH warm-up and measurement iterations. */
  public record Iterations(int warmups, Duration warmupTime, int measurements, Duration measurementTime) {}

  /** JMH forks (0: in this JVM). */
  public final int forks;
  /** Most benchmarks. */
  public final Iterations normal;
  /** Compute kernel calls: HotSpot needs longer to compile Chicory's generated code. */
  public final Iterations kernels;
  /** GraalWasm's kernel calls: the Graal compiler (jargraal) warms up itself before it compiles Wasm. */
  public final Iterations graal;
  /** Workloads whose decode/validate/compile/instantiate phases are timed. */
  public final List<Workload> phaseWorkloads;
  /** Scalar calls. */
  public final List<Workload> scalarCalls;
  /** Compute kernels. */
  public final List<Workload> kernelCalls;
  /** Payload sizes of the {@code list<u8>} lowering (the ABI throughput curve). */
  public final List<Integer> abiSizes;
  /** Payload sizes of the other ABI methods (strings, echo, records). */
  public final List<Integer> abiOtherSizes;
  /** Idle-instance counts of the density measurement. */
  public final List<Integer> densityCounts;
  /** Repetitions of each density measurement (its samples). */
  public final int densityRepeats;
  public final Duration httpWarmup;
  public final Duration httpDuration;
  /** Unmeasured rounds before the measured ones, for process runtimes. */
  public final int processWarmup;
  /** Measured rounds for process runtimes (the runtimes interleaved in each). */
  public final int processRuns;
  /** Instantiations timed per runtime driven from outside (SPI). */
  public final int spiInstantiations;
  public final Paired paired;

  Profile(int forks, Iterations normal, Iterations kernels, Iterations graal, List<Workload> phaseWorkloads,
      List<Workload> scalarCalls, List<Workload> kernelCalls, List<Integer> abiSizes, List<Integer> abiOtherSizes,
      List<Integer> densityCounts, int densityRepeats, Duration httpWarmup, Duration httpDuration, int processWarmup,
      int processRuns, int spiInstantiations, Paired paired) {
    this.forks = forks;
    this.normal = normal;
    this.kernels = kernels;
    this.graal = graal;
    this.phaseWorkloads = phaseWorkloads;
    this.scalarCalls = scalarCalls;
    this.kernelCalls = kernelCalls;
    this.abiSizes = abiSizes;
    this.abiOtherSizes = abiOtherSizes;
    this.densityCounts = densityCounts;
    this.densityRepeats = densityRepeats;
    this.httpWarmup = httpWarmup;
    this.httpDuration = httpDuration;
    this.processWarmup = processWarmup;
    this.processRuns = processRuns;
    this.spiInstantiations = spiInstantiations;
    this.paired = paired;
  }

  /** Every call workload. */
  public List<Workload> callWorkloads() {
    return java.util.stream.Stream.concat(scalarCalls.stream(), kernelCalls.stream()).toList();
  }

  /** Whether the run keeps to what the ratios need (smoke, quick) rather than everything (full). */
  public boolean lean() {
    return this != FULL;
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Profile parse(String s) {
    for (Profile p : values()) {
      if (p.id().equals(s)) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown profile '" + s + "' (smoke, quick, full)");
  }
}

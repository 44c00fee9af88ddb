package dev.trellis.bench;

import dev.trellis.bench.engines.ChicoryDriver;
import dev.trellis.bench.engines.Drivers;
import dev.trellis.bench.engines.EngineDriver;
import dev.trellis.bench.engines.TrellisDriver;
import dev.trellis.bench.workloads.Workload;
import dev.trellis.bench.workloads.Workloads;
import dev.trellis.engine.core.CoreBackend;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The ratios measured in pairs, in one JVM of their own ({@link PairedRatios}): alternating
 * short batches of the two things compared, so that the load drifting on a shared machine
 * (which skews JMH's sequential forks) hits both alike. Prints one line per pair:
 * {@code pair RUNTIME WORKLOAD AGAINST A_NS B_NS RATIO…} (median times, then every round's ratio).
 *
 * <pre>java ... dev.trellis.bench.PairedMain ROUNDS WARMUP_MS KERNEL_WARMUP_MS GRAAL_WARMUP_MS RUNTIME...</pre>
 * Pairs: the reference engine's component calls against the same calls on a core module
 * ({@link CallWorkloads}, on the backends among RUNTIME); with {@code trellis-compiler} among
 * them, each compute kernel against {@code chicory-compiler} and {@code graalwasm} when those are
 * among them too (GraalWasm: in a JVM started with its options).
 */
public final class PairedMain {
  private PairedMain() {}

  public static void main(String[] args) {
    int rounds = Integer.parseInt(args[0]);
    long warmup = Long.parseLong(args[1]) * 1_000_000L;
    long kernelWarmup = Long.parseLong(args[2]) * 1_000_000L;
    long graalWarmup = Long.parseLong(args[3]) * 1_000_000L;
    java.util.Set<String> runtimes = java.util.Set.of(java.util.Arrays.copyOfRange(args, 4, args.length));
    for (CoreBackend b : CoreBackend.values()) {
      String rt = b == CoreBackend.COMPILER ? "trellis-compiler" : "trellis";
      if (!runtimes.contains(rt)) {
        continue;
      }
      CallWorkloads w = new CallWorkloads(b);
      int n = b == CoreBackend.COMPILER ? 20_000 : 2_000;
      print(rt, "host-to-guest-nop", "core", PairedRatios.rounds(() -> {
        w.componentNop();
        return null;
      }, () -> {
        w.coreNop();
        return null;
      }, n * 10, rounds, warmup));
      print(rt, "host-to-guest-echo", "core", PairedRatios.rounds(w::componentEcho, w::coreEcho, n, rounds, warmup));
    }
    if (!runtimes.contains("trellis-compiler")) {
      return;
    }
    EngineDriver trellis = TrellisDriver.compiler();
    EngineDriver chicory = runtimes.contains("chicory-compiler") ? new ChicoryDriver("chicory-compiler", true) : null;
    EngineDriver graalwasm = runtimes.contains("graalwasm") ? Drivers.open("graalwasm", "core") : null;
    for (Workload k : Workloads.KERNELS) {
      Supplier<Object> t = caller(trellis, k);
      if (chicory != null) {
        print("trellis-compiler", k.name(), "chicory-compiler",
            PairedRatios.rounds(t, caller(chicory, k), 5, rounds, kernelWarmup));
      }
      if (graalwasm != null) {
        print("trellis-compiler", k.name(), "graalwasm",
            PairedRatios.rounds(t, caller(graalwasm, k), 5, rounds, graalWarmup));
      }
    }
  }

  /** A checked caller of the kernel on the driver's form of it. */
  private static Supplier<Object> caller(EngineDriver d, Workload w) {
    Object inst = d.instantiate(d.compile(d.compileInput(d.bytes(w))));
    EngineDriver.Caller c = d.caller(inst, w);
    Verify.results(d.runtime(), w, d.components(), c);
    return c::call;
  }

  private static void print(String rt, String workload, String against, PairedRatios.Rounds r) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "pair %s %s %s %.3f %.3f", rt, workload, against,
        PairedRatios.median(r.a()), PairedRatios.median(r.b())));
    for (double x : r.ratios()) {
      sb.append(String.format(Locale.ROOT, " %.5f", x));
    }
    System.out.println(sb);
    System.out.flush();
  }
}

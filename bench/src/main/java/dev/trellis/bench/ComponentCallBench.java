package dev.trellis.bench;

import dev.trellis.engine.core.CoreBackend;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Component calls against the same calls on a plain core module, in the reference engine, on
 * both core backends ({@link CallWorkloads}). {@link #main} runs it and prints the
 * component/core ratio of each pair (goal ≤ 2×; Wasmtime is about 4×).
 *
 * <pre>
 * java -cp bench/target/classes:$(deps) dev.trellis.bench.ComponentCallBench [quick]
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xss16m", "--sun-misc-unsafe-memory-access=allow"})
public class ComponentCallBench {
  @Param({"INTERPRETER", "COMPILER"})
  public CoreBackend backend;

  CallWorkloads w;

  @Setup
  public void setup() {
    w = new CallWorkloads(backend);
  }

  @Benchmark
  public void hostToGuestNopComponent() {
    w.componentNop();
  }

  @Benchmark
  public void hostToGuestNopCore() {
    w.coreNop();
  }

  @Benchmark
  public String hostToGuestEchoComponent() {
    return w.componentEcho();
  }

  @Benchmark
  public String hostToGuestEchoCore() {
    return w.coreEcho();
  }

  @Benchmark
  public void guestToHostNopComponent() {
    w.componentCallsHostNop();
  }

  @Benchmark
  public void guestToHostNopCore() {
    w.coreCallsHostNop();
  }

  @Benchmark
  public int guestToHostEchoComponent() {
    return w.componentCallsHostEcho();
  }

  @Benchmark
  public int guestToHostEchoCore() {
    return w.coreCallsHostEcho();
  }

  /**
   * Runs the benchmark ({@code quick}: fewer, shorter iterations) and prints the component/core
   * ratios; {@code paired} measures the ratios with {@link PairedRatios} instead of JMH.
   */
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("paired")) {
      System.out.println(PairedRatios.run(31));
      return;
    }
    boolean quick = args.length > 0 && args[0].equals("quick");
    OptionsBuilder o = new OptionsBuilder();
    o.include(ComponentCallBench.class.getName());
    if (quick) {
      o.warmupIterations(2).warmupTime(org.openjdk.jmh.runner.options.TimeValue.milliseconds(500))
          .measurementIterations(3).measurementTime(org.openjdk.jmh.runner.options.TimeValue.milliseconds(500));
    }
    Collection<RunResult> results = new Runner(o.build()).run();
    System.out.println(ratios(results));
  }

  /** One line per backend and call: component ns, core ns, component/core. */
  static String ratios(Collection<RunResult> results) {
    Map<String, Double> score = new LinkedHashMap<>();
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark();
      name = name.substring(name.lastIndexOf('.') + 1);
      score.put(r.getParams().getParam("backend") + " " + name, r.getPrimaryResult().getScore());
    }
    StringBuilder sb = new StringBuilder("\ncomponent/core (ns/op)\n");
    for (String backend : new String[] {"INTERPRETER", "COMPILER"}) {
      for (String call : new String[] {"hostToGuestNop", "hostToGuestEcho", "guestToHostNop", "guestToHostEcho"}) {
        Double c = score.get(backend + " " + call + "Component");
        Double k = score.get(backend + " " + call + "Core");
        if (c != null && k != null) {
          sb.append(String.format("%-12s %-16s component %10.1f  core %10.1f  ratio %5.2fx%n", backend, call, c, k, c / k));
        }
      }
    }
    return sb.toString();
  }
}

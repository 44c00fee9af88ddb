package dev.trellis.bench;

import dev.trellis.bench.engines.Drivers;
import dev.trellis.bench.engines.EngineDriver;
import dev.trellis.bench.engines.Phase;
import dev.trellis.bench.workloads.Workload;
import dev.trellis.bench.workloads.Workloads;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * One phase of loading a workload on an in-process engine, as Sightglass splits them: decode,
 * validate, compile, instantiate (from the compiled artifact) and instantiate-cold (from the
 * bytes). Each benchmark method times exactly its phase, starting from the previous phase's
 * artifact prepared in setup; before that, setup instantiates the workload and checks its
 * call's results ({@link Verify}). Parameters and iterations come from the run's profile
 * ({@link BenchPlan}); the defaults here only make the class runnable on its own.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PhaseBench {
  @Param("trellis")
  public String runtime;

  @Param("component")
  public String form;

  @Param("nop")
  public String workload;

  EngineDriver d;
  Phase phase;
  byte[] bytes;
  Object input;

  @Setup
  public void setup(BenchmarkParams params) {
    String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
    phase = Phase.ofMethod(method);
    Workload w = Workloads.byName(workload);
    d = Drivers.open(runtime, form);
    if (!d.phases().contains(phase)) {
      throw new IllegalStateException(runtime + " does not time " + phase.id() + " separately");
    }
    boolean component = form.equals("component");
    bytes = component ? w.componentBytes() : w.coreBytes();
    Object compiled = d.compile(d.compileInput(bytes));
    Object instance = d.instantiate(compiled);
    if (w.export() != null) {
      Verify.results(runtime, w, component, d.caller(instance, w));
    }
    d.release(instance);
    switch (phase) {
      case VALIDATE -> input = d.validateInput(bytes);
      case COMPILE -> input = d.compileInput(bytes);
      case INSTANTIATE -> input = compiled;
      default -> {}
    }
    if (phase != Phase.INSTANTIATE) {
      d.free(compiled);
    }
  }

  @TearDown
  public void tearDown() {
    if (phase == Phase.INSTANTIATE) {
      d.free(input);
    }
    d.close();
  }

  @Benchmark
  public Object decode() {
    return d.decode(bytes);
  }

  @Benchmark
  public Object validate() {
    return d.validate(input);
  }

  @Benchmark
  public Object compile() {
    Object c = d.compile(input);
    d.free(c);
    return c;
  }

  @Benchmark
  public Object instantiate() {
    Object i = d.instantiate(input);
    d.release(i);
    return i;
  }

  @Benchmark
  public Object instantiateCold() {
    Object i = d.instantiateCold(bytes);
    d.release(i);
    return i;
  }
}

package dev.trellis.bench;

import dev.trellis.bench.engines.Drivers;
import dev.trellis.bench.engines.EngineDriver;
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

/**
 * Calls of a workload's export on a live instance of an in-process engine: the scalar calls
 * ({@code nop}, {@code add}, {@code mix}) and the compute kernels. Setup checks the call's
 * results ({@link Verify}) before anything is timed.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CallBench {
  @Param("trellis")
  public String runtime;

  @Param("component")
  public String form;

  @Param("nop")
  public String workload;

  EngineDriver d;
  Object compiled;
  Object instance;
  EngineDriver.Caller caller;

  @Setup
  public void setup() {
    Workload w = Workloads.byName(workload);
    d = Drivers.open(runtime, form);
    boolean component = form.equals("component");
    compiled = d.compile(d.compileInput(component ? w.componentBytes() : w.coreBytes()));
    instance = d.instantiate(compiled);
    caller = d.caller(instance, w);
    Verify.results(runtime, w, component, caller);
  }

  @TearDown
  public void tearDown() {
    d.release(instance);
    d.free(compiled);
    d.close();
  }

  @Benchmark
  public Object call() {
    return caller.call();
  }
}

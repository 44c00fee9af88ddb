package dev.trellis.bench;

import dev.trellis.bench.workloads.Workload;
import dev.trellis.engine.runtime.Val;
import dev.trellis.harness.results.Machine;
import dev.trellis.harness.results.Measurement;
import dev.trellis.harness.spi.Feature;
import dev.trellis.harness.spi.Instance;
import dev.trellis.harness.spi.Loaded;
import dev.trellis.harness.spi.Runtime;
import dev.trellis.harness.spi.Wasm;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runtimes that live outside this JVM (jco's Node worker, workerd), measured through the
 * runtime SPI from outside: each workload's call is checked first, then {@code load} (their
 * compile: for jco a transpilation, for workerd a new process), {@code instantiate} and the
 * calls are timed one operation at a time, round trip to the runtime's process included
 * (params {@code via=spi}); and the density of idle instances as the RSS their processes gain.
 */
final class SpiSection {
  private SpiSection() {}

  /** What to measure on one runtime. */
  record Plan(List<Workload> calls, List<Workload> instantiated, List<Integer> densityCounts, int densityRepeats,
      int instantiations, int callsPerWorkload) {}

  /** The workload's binary in the form {@code rt} runs, or null when it runs neither. */
  static Wasm form(Runtime rt, Workload w) {
    if (w.hasComponent() && rt.supports(Feature.COMPONENT)) {
      return Wasm.of(w.component(), w.componentBytes());
    }
    if (w.hasCore() && rt.supports(Feature.CORE_MODULE)) {
      return Wasm.of(w.core(), w.coreBytes());
    }
    return null;
  }

  static Map<String, String> params(Wasm wasm) {
    return Map.of("form", wasm.isComponent() ? "component" : "core", "via", "spi");
  }

  /** Runs the plan on {@code rt}; failures go to {@code failures}, one line each. */
  static List<Measurement> run(Runtime rt, Plan plan, Machine machine, Log log, List<String> failures) {
    List<Measurement> out = new ArrayList<>();
    String id = rt.id();
    if (!rt.supports(Feature.INVOKE)) {
      log.line(id + ": no invoke through the SPI; measured below (process and http) only");
      return out;
    }
    for (Workload w : plan.calls()) {
      Wasm wasm = form(rt, w);
      if (wasm == null) {
        continue;
      }
      long t0 = System.nanoTime();
      try (Loaded loaded = rt.load(wasm)) {
        double loadMs = (System.nanoTime() - t0) / 1e6;
        out.add(new Measurement(id, w.name(), "compile", "time", "ms", params(wasm), List.of(loadMs), machine));
        try (Instance inst = rt.instantiate(loaded)) {
          boolean component = wasm.isComponent();
          List<Val> args = component ? w.componentArgs() : w.coreArgs();
          List<Val> got = inst.invoke(w.export(), args);
          Verify.check(id, w, component, component ? w.componentResults() : w.coreResults(), got);
          List<Double> samples = new ArrayList<>();
          for (int i = 0; i < plan.callsPerWorkload(); i++) {
            long c0 = System.nanoTime();
            inst.invoke(w.export(), args);
            samples.add((System.nanoTime() - c0) / 1e3);
          }
          out.add(new Measurement(id, w.name(), "call", "time", "us", params(wasm), samples, machine));
          log.line(id + " " + w.name() + ": checked; load " + Fmt.num(loadMs) + " ms, call "
              + Fmt.nanos(median(samples) * 1e3) + " (via the SPI)");
        }
      } catch (RuntimeException e) {
        failures.add(id + " " + w.name() + ": " + oneLine(e));
        log.line(id + " " + w.name() + ": FAILED " + oneLine(e));
      }
    }
    for (Workload w : plan.instantiated()) {
      Wasm wasm = form(rt, w);
      if (wasm == null || w.has(Workload.Use.HTTP) && !rt.supports(Feature.WASI_HTTP)) {
        continue; // a wasi:http component instantiates only where wasi:http is provided
      }
      try (Loaded loaded = rt.load(wasm)) {
        rt.instantiate(loaded).close(); // the first one may set things up
        List<Double> samples = new ArrayList<>();
        for (int i = 0; i < plan.instantiations(); i++) {
          long t0 = System.nanoTime();
          Instance inst = rt.instantiate(loaded);
          samples.add((System.nanoTime() - t0) / 1e3);
          inst.close();
        }
        out.add(new Measurement(id, w.name(), "instantiate", "time", "us", params(wasm), samples, machine));
        log.line(id + " " + w.name() + ": instantiate " + Fmt.nanos(median(samples) * 1e3) + " (via the SPI)");
      } catch (RuntimeException e) {
        failures.add(id + " " + w.name() + " instantiate: " + oneLine(e));
        log.line(id + " " + w.name() + " instantiate: FAILED " + oneLine(e));
      }
    }
    out.addAll(density(rt, plan, machine, log, failures));
    return out;
  }

  /** Idle instances held in the runtime's processes: their RSS growth per instance. */
  static List<Measurement> density(Runtime rt, Plan plan, Machine machine, Log log, List<String> failures) {
    List<Measurement> out = new ArrayList<>();
    if (plan.densityCounts().isEmpty() || !Memory.rssAvailable()) {
      return out;
    }
    Workload w = dev.trellis.bench.workloads.Workloads.NOP;
    Wasm wasm = form(rt, w);
    if (wasm == null) {
      return out;
    }
    try (Loaded loaded = rt.load(wasm)) {
      rt.instantiate(loaded).close();
      for (int n : plan.densityCounts()) {
        List<Double> samples = new ArrayList<>();
        for (int r = 0; r < plan.densityRepeats(); r++) {
          long before = Memory.descendantsRss();
          List<Instance> held = new ArrayList<>(n);
          try {
            for (int i = 0; i < n; i++) {
              held.add(rt.instantiate(loaded));
            }
            Thread.sleep(100);
            long after = Memory.descendantsRss();
            samples.add((after - before) / (double) n);
          } finally {
            for (Instance i : held) {
              i.close();
            }
          }
        }
        out.add(new Measurement(rt.id(), w.name(), "density", "rss", "bytes",
            Map.of("instances", Integer.toString(n), "form", wasm.isComponent() ? "component" : "core"), samples, machine));
        log.line(rt.id() + " density: " + n + " idle " + w.name() + " instances, RSS "
            + Fmt.bytes(median(samples)) + " per instance (its processes)");
      }
    } catch (RuntimeException e) {
      failures.add(rt.id() + " density: " + oneLine(e));
      log.line(rt.id() + " density: FAILED " + oneLine(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return out;
  }

  static double median(List<Double> xs) {
    List<Double> s = xs.stream().sorted().toList();
    int n = s.size();
    return n == 0 ? Double.NaN : n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  static String oneLine(Throwable e) {
    String m = e.getMessage() == null ? e.toString() : e.getMessage();
    return m.lines().findFirst().orElse(m);
  }

  /** Where the sections report, one line at a time. */
  interface Log {
    void line(String s);
  }
}

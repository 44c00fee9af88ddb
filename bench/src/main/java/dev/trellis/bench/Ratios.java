package dev.trellis.bench;

import dev.trellis.harness.results.Machine;
import dev.trellis.harness.results.Measurement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The ratios issue 10 names as targets for later tuning — not pass/fail criteria — computed
 * from one run's measurements as ratios of medians: component call / core call in the
 * reference engine, Canonical ABI {@code list<u8>} at 64 KiB against {@code System.arraycopy},
 * warm instantiation of the hello-http component against Wasmtime and jco, the compute
 * kernels against Chicory's compiler and GraalWasm's JIT, and retained heap per idle
 * instance. Each is printed and also kept as a {@link Measurement} (phase {@code ratio}).
 */
final class Ratios {
  private final List<Measurement> ms;
  private final Machine machine;
  final List<String> lines = new ArrayList<>();
  final List<Measurement> measurements = new ArrayList<>();

  /** 64 KiB of initial linear memory (nop's one page) + 64 KiB: the density goal. */
  static final double DENSITY_GOAL = 64 * 1024 + 64 * 1024;

  private Ratios(List<Measurement> ms, Machine machine) {
    this.ms = ms;
    this.machine = machine;
  }

  static Ratios of(List<Measurement> ms, Machine machine) {
    Ratios r = new Ratios(ms, machine);
    r.compute();
    return r;
  }

  private Optional<Measurement> find(String runtime, String workload, String phase, Predicate<Measurement> more) {
    return ms.stream().filter(m -> m.runtime().equals(runtime) && m.workload().equals(workload)
        && m.phase().equals(phase) && more.test(m)).findFirst();
  }

  private static double median(Measurement m) {
    return SpiSection.median(m.samples());
  }

  /** A time measurement's median in nanoseconds. */
  private static double nanos(Measurement m) {
    return median(m) * JmhSection.nanos(m.unit());
  }

  private static Predicate<Measurement> param(String k, String v) {
    return m -> v.equals(m.params().get(k));
  }

  private void keep(String runtime, String name, String metric, String unit, String against, double value) {
    if (Double.isFinite(value)) {
      measurements.add(new Measurement(runtime, name, "ratio", metric, unit, Map.of("against", against), List.of(value),
          machine));
    }
  }

  private void compute() {
    lines.add("Ratios, this run (targets for later tuning, not tests). \"paired\": the median ratio of alternating");
    lines.add("batches in one JVM, robust to a drifting machine; \"JMH\": the ratio of medians of separate forks.");

    lines.add("  component call / core call, reference engine (goal <= 2x):");
    boolean any = false;
    for (String rt : List.of("trellis", "trellis-compiler")) {
      StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "    %-17s", rt));
      boolean found = false;
      for (String call : List.of("host-to-guest-nop", "host-to-guest-echo", "guest-to-host-nop", "guest-to-host-echo")) {
        var paired = find(rt, call, "ratio", m -> m.metric().equals("paired-time-ratio"));
        var c = find(rt, call, "call", param("form", "component"));
        var k = find(rt, call, "call", param("form", "core"));
        if (paired.isPresent()) {
          double ratio = median(paired.get());
          sb.append(String.format(Locale.ROOT, "  %s %.2fx paired", call, ratio));
          if (c.isPresent() && k.isPresent()) {
            sb.append(String.format(Locale.ROOT, " (JMH %.2fx)", nanos(c.get()) / nanos(k.get())));
          }
          keep(rt, call, "component/core", "x", "core", ratio);
          found = true;
        } else if (c.isPresent() && k.isPresent()) {
          double ratio = nanos(c.get()) / nanos(k.get());
          sb.append(String.format(Locale.ROOT, "  %s %s / %s = %.2fx", call, Fmt.nanos(nanos(c.get())),
              Fmt.nanos(nanos(k.get())), ratio));
          keep(rt, call, "component/core", "x", "core", ratio);
          found = true;
        }
      }
      if (found) {
        lines.add(sb.toString());
        any = true;
      }
    }
    var wc = find("wasmtime", "nop", "call", param("form", "component"));
    var wk = find("wasmtime", "nop", "call", param("form", "core"));
    if (wc.isPresent() && wk.isPresent()) {
      double ratio = nanos(wc.get()) / nanos(wk.get());
      lines.add(String.format(Locale.ROOT, "    %-17s  nop %s / %s = %.2fx (C API through FFM, for comparison)",
          "wasmtime", Fmt.nanos(nanos(wc.get())), Fmt.nanos(nanos(wk.get())), ratio));
      keep("wasmtime", "nop", "component/core", "x", "core", ratio);
      any = true;
    }
    if (!any) {
      lines.add("    (not measured in this run)");
    }

    lines.add("  Canonical ABI list<u8> 64 KiB into the guest vs System.arraycopy (goal >= 50%):");
    var copy = find(Measurement.JDK, "arraycopy", "throughput", param("bytes", "65536"));
    any = false;
    for (String rt : List.of("trellis", "trellis-compiler")) {
      var abi = find(rt, "list-u8-in", "throughput", param("bytes", "65536"));
      if (abi.isPresent() && copy.isPresent()) {
        double pct = 100 * median(abi.get()) / median(copy.get());
        lines.add(String.format(Locale.ROOT, "    %-17s  %s MB/s vs %s MB/s = %.1f%%", rt, Fmt.num(median(abi.get())),
            Fmt.num(median(copy.get())), pct));
        keep(rt, "list-u8-in", "abi/arraycopy", "%", "jdk arraycopy 64 KiB", pct);
        any = true;
      }
    }
    if (!any) {
      lines.add("    (not measured in this run)");
    }

    lines.add("  warm instantiate of hello-http (from the compiled component; ratio = trellis / other):");
    any = false;
    var wasmtime = find("wasmtime", "hello-http", "instantiate", param("form", "component"));
    var jco = find("jco", "hello-http", "instantiate", m -> true);
    for (String rt : List.of("trellis", "trellis-compiler")) {
      var t = find(rt, "hello-http", "instantiate", param("form", "component"));
      if (t.isEmpty()) {
        continue;
      }
      StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "    %-17s  %s", rt, Fmt.nanos(nanos(t.get()))));
      if (wasmtime.isPresent()) {
        double r = nanos(t.get()) / nanos(wasmtime.get());
        sb.append(String.format(Locale.ROOT, "; wasmtime %s (%.2fx)", Fmt.nanos(nanos(wasmtime.get())), r));
        keep(rt, "hello-http", "instantiate/other", "x", "wasmtime", r);
      }
      if (jco.isPresent()) {
        double r = nanos(t.get()) / nanos(jco.get());
        sb.append(String.format(Locale.ROOT, "; jco %s via its worker (%.2fx)", Fmt.nanos(nanos(jco.get())), r));
        keep(rt, "hello-http", "instantiate/other", "x", "jco", r);
      }
      lines.add(sb.toString());
      any = true;
    }
    if (!any) {
      lines.add("    (not measured in this run)");
    }

    lines.add("  compute kernels, speed of trellis-compiler relative to Chicory's compiler (goal >= 1.0x) "
        + "and GraalWasm's JIT (goal >= 0.5x, i.e. within 2x):");
    any = false;
    double logChicory = 0;
    double logGraal = 0;
    int nChicory = 0;
    int nGraal = 0;
    for (String k : List.of("sha256", "json", "regex", "matrix")) {
      var t = find("trellis-compiler", k, "call", param("form", "component"));
      if (t.isEmpty() && ms.stream().noneMatch(m -> m.runtime().equals("trellis-compiler") && m.workload().equals(k)
          && m.metric().equals("paired-time-ratio"))) {
        continue;
      }
      List<String> parts = new ArrayList<>();
      if (t.isPresent()) {
        parts.add("trellis-compiler " + Fmt.nanos(nanos(t.get())) + " (JMH)");
      }
      for (String other : List.of("chicory-compiler", "graalwasm")) {
        var paired = find("trellis-compiler", k, "ratio",
            m -> m.metric().equals("paired-time-ratio") && other.equals(m.params().get("against")));
        var o = find(other, k, "call", param("form", "core"));
        double r;
        if (paired.isPresent()) {
          r = 1 / median(paired.get());
          String part = String.format(Locale.ROOT, "%s %.2fx paired", other, r);
          if (o.isPresent() && t.isPresent()) {
            part += String.format(Locale.ROOT, " (JMH %s, %.2fx)", Fmt.nanos(nanos(o.get())),
                nanos(o.get()) / nanos(t.get()));
          }
          parts.add(part);
        } else if (o.isPresent() && t.isPresent()) {
          r = nanos(o.get()) / nanos(t.get());
          parts.add(String.format(Locale.ROOT, "%s %s (%.2fx)", other, Fmt.nanos(nanos(o.get())), r));
        } else {
          continue;
        }
        keep("trellis-compiler", k, "speed", "x", other, r);
        if (other.equals("chicory-compiler")) {
          logChicory += Math.log(r);
          nChicory++;
        } else {
          logGraal += Math.log(r);
          nGraal++;
        }
      }
      var i = find("trellis", k, "call", param("form", "component"));
      if (i.isPresent()) {
        parts.add("trellis (interpreter) " + Fmt.nanos(nanos(i.get())) + " (JMH)");
      }
      lines.add(String.format(Locale.ROOT, "    %-8s %s", k, String.join("; ", parts)));
      any = true;
    }
    if (nChicory > 0 || nGraal > 0) {
      StringBuilder sb = new StringBuilder("    geometric mean:");
      if (nChicory > 0) {
        double gm = Math.exp(logChicory / nChicory);
        sb.append(String.format(Locale.ROOT, " %.2fx vs chicory-compiler", gm));
        keep("trellis-compiler", "kernels", "speed", "x", "chicory-compiler", gm);
      }
      if (nGraal > 0) {
        double gm = Math.exp(logGraal / nGraal);
        sb.append(String.format(Locale.ROOT, ", %.2fx vs graalwasm", gm));
        keep("trellis-compiler", "kernels", "speed", "x", "graalwasm", gm);
      }
      lines.add(sb.toString());
    }
    if (!any) {
      lines.add("    (not measured in this run)");
    }

    lines.add("  retained heap per idle instance of nop (goal <= 64 KiB initial memory + 64 KiB = 128 KiB):");
    any = false;
    for (String rt : List.of("trellis", "trellis-compiler")) {
      Measurement best = null;
      for (Measurement m : ms) {
        if (m.runtime().equals(rt) && m.phase().equals("density") && m.metric().equals("retained-heap")
            && (best == null || Integer.parseInt(m.params().get("instances"))
                > Integer.parseInt(best.params().get("instances")))) {
          best = m;
        }
      }
      if (best != null) {
        double b = median(best);
        lines.add(String.format(Locale.ROOT, "    %-17s  %s per instance at %s instances (%.2fx the goal)", rt,
            Fmt.bytes(b), best.params().get("instances"), b / DENSITY_GOAL));
        keep(rt, "nop", "retained-heap/goal", "x", "64 KiB + 64 KiB", b / DENSITY_GOAL);
        any = true;
      }
    }
    if (!any) {
      lines.add("    (not measured in this run)");
    }
  }
}

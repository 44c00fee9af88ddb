package dev.trellis.bench;

import dev.trellis.bench.engines.Drivers;
import dev.trellis.bench.engines.EngineDriver;
import dev.trellis.bench.workloads.Workload;
import dev.trellis.bench.workloads.Workloads;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The density measurement of one in-process engine, run in a JVM of its own (so nothing else
 * lives on its heap): {@code N} idle instances of a workload are created and held, and the
 * heap retained after GC (and the process's RSS, which is where Wasmtime's instances live)
 * grows by so much per instance. Prints one line per measurement:
 * {@code density COUNT HEAP_BYTES_PER_INSTANCE RSS_BYTES_PER_INSTANCE}.
 *
 * <pre>java ... dev.trellis.bench.DensityMain RUNTIME FORM WORKLOAD REPEATS COUNT...</pre>
 */
public final class DensityMain {
  private DensityMain() {}

  public static void main(String[] args) throws Exception {
    String runtime = args[0];
    String form = args[1];
    Workload w = Workloads.byName(args[2]);
    int repeats = Integer.parseInt(args[3]);
    try (EngineDriver d = Drivers.open(runtime, form)) {
      boolean component = form.equals("component");
      Object compiled = d.compile(d.compileInput(component ? w.componentBytes() : w.coreBytes()));
      Object probe = d.instantiate(compiled);
      if (w.export() != null) {
        Verify.results(runtime, w, component, d.caller(probe, w));
      }
      d.release(probe);
      for (int r = 0; r < repeats; r++) {
        for (int i = 4; i < args.length; i++) {
          int n = Integer.parseInt(args[i]);
          long heap0 = Memory.heapAfterGc();
          long rss0 = Memory.selfRss();
          List<Object> held = new ArrayList<>(n);
          for (int k = 0; k < n; k++) {
            held.add(d.instantiate(compiled));
          }
          long heap1 = Memory.heapAfterGc();
          long rss1 = Memory.selfRss();
          System.out.printf(Locale.ROOT, "density %d %.1f %.1f%n", n, (heap1 - heap0) / (double) n,
              (rss1 - rss0) / (double) n);
          System.out.flush();
          for (Object o : held) {
            d.release(o);
          }
          held.clear();
        }
      }
      d.free(compiled);
    }
  }
}

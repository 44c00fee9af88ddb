package dev.trellis.bench;

import dev.trellis.bench.engines.EngineDriver;
import dev.trellis.bench.workloads.Workload;
import dev.trellis.engine.runtime.Val;
import java.util.List;

/** The correctness check every benchmark runs on its engine before it times anything. */
public final class Verify {
  private Verify() {}

  /** A workload computed the wrong thing on a runtime: nothing is timed. */
  public static final class WrongResult extends IllegalStateException {
    public WrongResult(String message) {
      super(message);
    }
  }

  /** Calls {@code w}'s export once through {@code caller} and checks the results. */
  public static void results(String runtime, Workload w, boolean component, EngineDriver.Caller caller) {
    List<Val> expected = component ? w.componentResults() : w.coreResults();
    List<Val> got = caller.results();
    check(runtime, w, component, expected, got);
  }

  public static void check(String runtime, Workload w, boolean component, List<Val> expected, List<Val> got) {
    if (!expected.equals(got)) {
      throw new WrongResult(runtime + ": " + w.name() + " (" + (component ? "component" : "core module") + ") "
          + w.export() + " returned " + got + ", expected " + expected + "; not timing it");
    }
  }
}

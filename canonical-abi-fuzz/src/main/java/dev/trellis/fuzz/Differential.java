package dev.trellis.fuzz;

import dev.trellis.engine.runtime.Val;
import dev.trellis.engine.text.ComponentWat;
import dev.trellis.fuzz.ValCompare.NanRule;
import dev.trellis.harness.spi.Instance;
import dev.trellis.harness.spi.Loaded;
import dev.trellis.harness.spi.Runtime;
import dev.trellis.harness.spi.RuntimeFailure;
import dev.trellis.harness.spi.Wasm;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs {@link EchoCase}s on runtimes of the harness SPI and says which did not hand every
 * argument back. The component is assembled once by the reference engine's
 * {@link ComponentWat} and the same bytes go to every runtime. A runtime that fails to load or
 * instantiate the component, traps, or returns anything but the arguments (NaNs: any NaN, see
 * {@link ValCompare}) has a {@link Problem} — unless the case {@link Corruption corrupts} its
 * result, when the spec's expectation decides: a trap (any trap: runtimes word them
 * differently), or the value as the spec lifts it.
 */
public final class Differential {

  /** What went wrong on one runtime: {@code stage} is {@code load}, {@code instantiate} or {@code call N}. */
  public record Problem(String runtime, String stage, String kind, String detail) {
    /** Runtime, stage and kind: what shrinking keeps constant. */
    public String signature() {
      return runtime + " " + (stage.startsWith("call") ? "call" : stage) + " " + kind;
    }

    @Override
    public String toString() {
      return runtime + ": " + stage + ": " + kind + (detail == null ? "" : ": " + detail);
    }
  }

  /** The outcome of one case on every runtime. */
  public record Outcome(EchoCase echoCase, String text, List<Problem> problems, Map<String, Long> nanosByRuntime) {
    public boolean agreed() {
      return problems.isEmpty();
    }
  }

  private Differential() {}

  /** Assembles the component of {@code c} (a failure here is the generator's own bug). */
  public static byte[] assemble(String text) {
    return ComponentWat.assemble(text, "echo.wat", ComponentWat.Options.DEFAULT);
  }

  private static String shorten(Val v) {
    String s = String.valueOf(v);
    return s.length() > 200 ? s.substring(0, 197) + "..." : s;
  }

  /** Runs {@code c} on each of {@code runtimes}. */
  public static Outcome run(EchoCase c, List<Runtime> runtimes) {
    String text = EchoComponent.text(c);
    byte[] bytes = assemble(text);
    List<Problem> problems = new ArrayList<>();
    Map<String, Long> nanos = new LinkedHashMap<>();
    for (Runtime rt : runtimes) {
      long t0 = System.nanoTime();
      problems.addAll(runOn(rt, c, bytes));
      nanos.put(rt.id(), System.nanoTime() - t0);
    }
    return new Outcome(c, text, problems, nanos);
  }

  private static List<Problem> runOn(Runtime rt, EchoCase c, byte[] bytes) {
    List<Problem> out = new ArrayList<>();
    Loaded loaded;
    try {
      loaded = rt.load(Wasm.of("echo.wasm", bytes));
    } catch (RuntimeFailure f) {
      out.add(new Problem(rt.id(), "load", f.kind().name().toLowerCase(java.util.Locale.ROOT), f.getMessage()));
      return out;
    } catch (RuntimeException e) {
      out.add(new Problem(rt.id(), "load", "exception", e.toString()));
      return out;
    }
    try (loaded) {
      Instance inst = null;
      for (int i = 0; i < c.calls().size(); i++) {
        List<Val> args = c.calls().get(i);
        String stage = "call " + i;
        try {
          if (inst == null) {
            stage = "instantiate";
            inst = rt.instantiate(loaded);
            stage = "call " + i;
          }
          Corruption.Expectation exp = c.expectation(args);
          List<Val> results = inst.invoke(EchoComponent.RUN, args);
          String diff = results.size() != 1 ? "expected one result, got " + results.size()
              : exp.trap() ? "returned " + shorten(results.getFirst()) + " instead of trapping"
              : ValCompare.difference(exp.value(), results.getFirst(), NanRule.ANY_NAN);
          if (diff != null) {
            out.add(new Problem(rt.id(), stage, exp.trap() ? "no trap (" + exp.why() + ")" : "wrong value", diff));
          }
        } catch (RuntimeFailure f) {
          boolean expected = f.kind() == RuntimeFailure.Kind.TRAP && stage.startsWith("call")
              && c.expectation(c.calls().get(i)).trap();
          if (!expected) {
            out.add(new Problem(rt.id(), stage, f.kind().name().toLowerCase(java.util.Locale.ROOT), f.getMessage()));
          }
          if (inst != null) {
            inst.close();
          }
          inst = null; // a trapped instance may refuse further calls: use a fresh one
          if (stage.equals("instantiate")) {
            break;
          }
        } catch (RuntimeException e) {
          out.add(new Problem(rt.id(), stage, "exception", e.toString()));
          inst = null;
        }
      }
      if (inst != null) {
        inst.close();
      }
    }
    return out;
  }
}

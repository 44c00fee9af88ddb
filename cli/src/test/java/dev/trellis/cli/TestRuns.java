package dev.trellis.cli;

import dev.trellis.harness.results.CaseResult;
import dev.trellis.harness.results.Machine;
import dev.trellis.harness.results.Measurement;
import dev.trellis.harness.results.Outcome;
import dev.trellis.harness.results.RunInfo;
import dev.trellis.harness.results.RunResults;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import picocli.CommandLine;

/** Synthetic results documents for the CLI tests (runtimes "alpha"/"beta": test data, not results). */
final class TestRuns {
  private TestRuns() {}

  static final Machine MACHINE = Machine.current();

  /** A run: two runtimes, a few cases, call times around 100 us times {@code factor}. */
  static RunResults run(String id, int day, double factor, boolean breakACase) {
    List<Measurement> ms = new ArrayList<>();
    for (String rt : List.of("alpha", "beta")) {
      Random r = new Random(id.hashCode() * 31L + rt.hashCode());
      List<Double> samples = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        samples.add(100 * factor * (1 + 0.01 * r.nextGaussian()));
      }
      ms.add(new Measurement(rt, "nop", "call", "time", "us", Map.of(), samples, MACHINE));
    }
    List<CaseResult> cases = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      Outcome o = breakACase && i == 4 ? Outcome.FAILED : Outcome.PASSED;
      cases.add(new CaseResult("alpha", "component-model", "strings.wast", i, "assert_return", o,
          o == Outcome.FAILED ? "synthetic failure" : null, "strings"));
    }
    return new RunResults(new RunInfo(id, null, Instant.parse("2025-02-01T00:00:00Z").plusSeconds(86_400L * day),
        Instant.parse("2025-02-01T00:01:00Z").plusSeconds(86_400L * day), "abc", MACHINE), cases, ms);
  }

  /** What certify would write: the cases only. */
  static RunResults casesOf(RunResults r) {
    return new RunResults(r.run(), r.cases(), List.of());
  }

  /** What bench would write: the measurements only. */
  static RunResults measurementsOf(RunResults r) {
    return new RunResults(r.run(), List.of(), r.measurements());
  }

  /** Runs the CLI in-process, capturing its output. */
  record Ran(int code, String out, String err) {}

  static Ran cli(java.util.function.Consumer<CommandLine> setup, String... args) {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    setup.accept(cl);
    int code = cl.execute(args);
    return new Ran(code, out.toString(), err.toString());
  }

  static Ran cli(String... args) {
    return cli(cl -> { }, args);
  }
}

package dev.trellis.cli;

import dev.trellis.engine.runtime.Val;
import dev.trellis.fuzz.Campaign;
import dev.trellis.fuzz.Differential;
import dev.trellis.fuzz.EchoComponent;
import dev.trellis.fuzz.Regressions;
import dev.trellis.harness.Suites;
import dev.trellis.harness.spi.Feature;
import dev.trellis.harness.spi.Probe;
import dev.trellis.harness.spi.Runtime;
import dev.trellis.harness.spi.RuntimeFailure;
import dev.trellis.harness.spi.Runtimes;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code trellis fuzz}: fuzzing campaigns. */
@Command(
    name = "fuzz",
    mixinStandardHelpOptions = true,
    description = "Fuzzing campaigns (see `trellis fuzz abi --help`).",
    subcommands = {FuzzCommand.Abi.class})
final class FuzzCommand implements Runnable {
  @Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code trellis fuzz abi}: the Canonical ABI differential campaign. */
  @Command(
      name = "abi",
      header = "Differential Canonical ABI fuzzing across runtimes; disagreements become regression scripts.",
      mixinStandardHelpOptions = true,
      description = {
        "Differential Canonical ABI fuzzing. For random function types, builds a component whose "
            + "export `run` forwards its arguments through core memory to an inner component's "
            + "`echo` and back (lift, lower, a component-to-component call, transcoding between the "
            + "two components' string encodings), runs it on every runtime given, and checks that "
            + "each one hands the arguments back. Half the types also have core code overwrite one word of "
            + "the echoed result (a discriminant, a char, a bool, flag bits, a string or list pointer, "
            + "length or contents), in the inner component or the outer one: then every runtime must "
            + "trap, or return the value as the spec lifts it.",
        "",
        "A disagreement that is not a known one is shrunk and written as a regression .wast "
            + "(replayed by `trellis wast` and the canonical-abi-fuzz tests); the failing case seed "
            + "and the shrunk case are printed. Case i of --seed S is case 0 of --seed S+i."
      },
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:every runtime agreed (or only known disagreements)", "1:a new disagreement",
          "2:usage error or a runtime that cannot be opened"})
  static final class Abi implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--runtime", paramLabel = "ID[,ID...]", split = ",",
        description = "Runtimes to compare (default: every runtime found that runs components).")
    List<String> runtimeIds;

    @Option(names = "--tries", paramLabel = "N", description = "Number of function types to try (default: 200 "
        + "unless --seconds is given).")
    Integer tries;

    @Option(names = "--seconds", paramLabel = "S", description = "Stop after S seconds.")
    Long seconds;

    @Option(names = "--seed", paramLabel = "X", description = "Seed of the first case (default: random, printed).")
    Long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write regression scripts (default: "
        + Regressions.DIRECTORY + " in the repository).")
    Path out;

    @Option(names = "--no-write", description = "Do not write regression scripts.")
    boolean noWrite;

    @Option(names = "--no-corrupt", description = "Only round trips: no case corrupts its result (by default "
        + "half do, and every runtime must then trap or lift the word as the spec does).")
    boolean noCorrupt;

    @Option(names = "--max-params", paramLabel = "N", defaultValue = "4",
        description = "Parameters per function at most (default: ${DEFAULT-VALUE}).")
    int maxParams;

    @Option(names = "--depth", paramLabel = "D", defaultValue = "3",
        description = "Type nesting depth at most (default: ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--calls", paramLabel = "N", defaultValue = "3",
        description = "Argument lists per function at most (default: ${DEFAULT-VALUE}).")
    int calls;

    @Option(names = "--shrink-budget", paramLabel = "N", defaultValue = "300",
        description = "Shrinking candidates to run per disagreement at most (default: ${DEFAULT-VALUE}).")
    int shrinkBudget;

    @Override
    public Integer call() throws Exception {
      if (depth < 0 || depth > 6 || maxParams < 1 || maxParams > 16 || calls < 1 || shrinkBudget < 0) {
        throw new Main.UserError("--depth must be 0..6, --max-params 1..16, --calls at least 1");
      }
      if (tries != null && tries < 1 || seconds != null && seconds < 1) {
        throw new Main.UserError("--tries and --seconds must be positive");
      }
      int n = tries != null ? tries : seconds != null ? 0 : 200;
      long s = seed != null ? seed : System.nanoTime() & 0xFFFF_FFFFL;
      PrintWriter w = spec.commandLine().getOut();
      List<Runtime> runtimes = open(w);
      try {
        Path dir = noWrite ? null : out != null ? out : Suites.repoRoot().resolve(Regressions.DIRECTORY);
        String command = "trellis fuzz abi --runtime " + String.join(",", runtimes.stream().map(Runtime::id).toList())
            + " --seed " + s;
        Campaign.Config base = Campaign.Config.defaults(s, n, seconds == null ? null : Duration.ofSeconds(seconds));
        Campaign.Config config = new Campaign.Config(s, n, base.duration(), base.bounds().withDepth(depth), maxParams,
            calls, base.values(), !noCorrupt, dir, shrinkBudget, command + (noCorrupt ? " --no-corrupt" : ""));
        w.println("fuzz abi: seed " + s + ", " + (n > 0 ? n + " types" : "") + (n > 0 && seconds != null ? " or " : "")
            + (seconds != null ? seconds + " s" : "") + " on " + String.join(", ", runtimes.stream()
            .map(r -> r.id() + " " + r.version()).toList()));
        w.flush();
        Campaign.Summary sum = new Campaign(config, runtimes, new Progress(w, runtimes)).run();
        w.println(summary(sum));
        w.flush();
        return sum.failures().isEmpty() ? Main.OK : Main.FAILURES;
      } finally {
        for (Runtime r : runtimes) {
          r.close();
        }
      }
    }

    private List<Runtime> open(PrintWriter w) {
      Runtimes all = Runtimes.discover();
      List<String> ids = runtimeIds;
      if (ids == null || ids.isEmpty()) {
        ids = new ArrayList<>();
        for (Runtimes.Discovered d : all.probeAll()) {
          if (d.probe() instanceof Probe.Available && d.provider().features().contains(Feature.COMPONENT)
              && d.provider().features().contains(Feature.INVOKE)) {
            ids.add(d.id());
          }
        }
      }
      List<Runtime> out = new ArrayList<>();
      for (String id : ids) {
        try {
          Runtime r = all.open(id);
          if (!r.supports(Feature.COMPONENT) || !r.supports(Feature.INVOKE)) {
            r.close();
            throw new Main.UserError(id + " does not run components");
          }
          out.add(r);
        } catch (RuntimeFailure e) {
          out.forEach(Runtime::close);
          throw new Main.UserError("cannot open runtime `" + id + "`: " + e.getMessage());
        }
      }
      if (out.isEmpty()) {
        throw new Main.UserError("no runtime to fuzz");
      }
      return out;
    }

    static String summary(Campaign.Summary s) {
      StringBuilder sb = new StringBuilder();
      sb.append(String.format(Locale.ROOT, "%d types in %.1f s: %d agreed, %d known disagreements, %d new, "
          + "%d repeats of a new one", s.cases(), s.elapsed().toMillis() / 1000.0, s.agreed(), s.known(),
          s.failures().size(), s.repeated()));
      sb.append(String.format(Locale.ROOT, "%n  %d calls; %d types with a corrupted result, %d calls of them "
          + "expected to trap", s.calls(), s.corrupted(), s.trapping()));
      for (Map.Entry<String, Integer> e : s.knownByExplanation().entrySet()) {
        sb.append("\n  known (").append(e.getValue()).append("): ").append(e.getKey());
      }
      for (Campaign.Failure f : s.failures()) {
        sb.append("\n  new: case seed ").append(f.caseSeed()).append(": ")
            .append(f.shrunk().problems().isEmpty() ? "(gone after shrinking)" : f.shrunk().problems().getFirst());
        if (f.regression() != null) {
          sb.append("\n       ").append(f.regression());
        }
      }
      return sb.toString();
    }
  }

  /** Progress lines every few seconds, and each disagreement as it is found and shrunk. */
  static final class Progress implements Campaign.Listener {
    private final PrintWriter w;
    private final List<Runtime> runtimes;
    private long lastPrint = System.nanoTime();

    Progress(PrintWriter w, List<Runtime> runtimes) {
      this.w = w;
      this.runtimes = runtimes;
    }

    @Override
    public void caseDone(int cases, Campaign.Summary s) {
      long now = System.nanoTime();
      if (now - lastPrint < 5_000_000_000L) {
        return;
      }
      lastPrint = now;
      StringBuilder sb = new StringBuilder();
      sb.append(String.format(Locale.ROOT, "  %d types (%.1f/s): %d agreed, %d known, %d new", cases,
          cases / Math.max(0.001, s.elapsed().toNanos() / 1e9), s.agreed(), s.known(), s.failures().size()));
      sb.append(";");
      for (Runtime r : runtimes) {
        Long ns = s.nanosByRuntime().get(r.id());
        if (ns != null) {
          sb.append(String.format(Locale.ROOT, " %s %.0f ms", r.id(), ns / 1e6 / cases));
        }
      }
      sb.append(" per type");
      w.println(sb);
      w.flush();
    }

    @Override
    public void found(long caseSeed, Differential.Outcome o) {
      w.println("DISAGREEMENT at case seed " + caseSeed + ": " + o.echoCase().describe());
      for (Differential.Problem p : o.problems()) {
        w.println("    " + oneLine(p.toString()));
      }
      w.println("  shrinking...");
      w.flush();
    }

    @Override
    public void shrunk(Campaign.Failure f) {
      Differential.Outcome o = f.shrunk();
      w.println("  shrunk in " + f.shrinkSteps() + " steps (" + f.shrinkRuns() + " runs): " + o.echoCase().describe());
      for (List<Val> args : o.echoCase().calls()) {
        w.println("    " + EchoComponent.RUN + "(" + String.join(", ", args.stream().map(Val::toString).toList()) + ")");
      }
      for (Differential.Problem p : o.problems()) {
        w.println("    " + oneLine(p.toString()));
      }
      if (f.regression() != null) {
        w.println("  regression: " + f.regression());
      }
      w.println("  reproduce: trellis fuzz abi --seed " + f.caseSeed() + " --tries 1 --runtime "
          + String.join(",", runtimes.stream().map(Runtime::id).toList()));
      w.flush();
    }

    private static String oneLine(String s) {
      String t = s.replace('\n', ' ');
      return t.length() > 400 ? t.substring(0, 397) + "..." : t;
    }
  }
}

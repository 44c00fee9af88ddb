package dev.trellis.cli;

import dev.trellis.harness.Suites;
import dev.trellis.harness.results.ResultsJson;
import dev.trellis.harness.results.RunInfo;
import dev.trellis.harness.results.RunResults;
import dev.trellis.harness.spi.Probe;
import dev.trellis.harness.spi.Runtimes;
import dev.trellis.reports.ResultsFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code trellis nightly}: certify every suite, run the quick benchmarks, and report, on the
 * reference engine and every runtime found. The steps are the {@code certify} and
 * {@code bench} subcommands, each run in a child JVM (so a native crash or a benchmark's JIT
 * state stays out of the others) writing results documents under the run's directory; the
 * report step reads only those. A step this build does not have yet is reported as such,
 * never replaced by made-up results.
 */
@Command(
    name = "nightly",
    header = "The main job: certify, quick benchmarks, history comparison and the report.",
    mixinStandardHelpOptions = true,
    description = {
      "The main job: certify all suites, run the quick benchmarks, compare with",
      "the history and write the report (OUT/<run-id>/index.html, OUT/latest),",
      "on the embedded reference engine and every runtime found (see 'trellis",
      "runtimes'). Steps run in child JVMs; a step this build lacks is reported."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:done", "1:a step could not run, or a regression was flagged with --fail-on-regression",
        "2:usage error"})
final class NightlyCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--runtime", split = ",", paramLabel = "ID",
      description = "Runtimes to run on (default: every runtime found).")
  List<String> runtimes = new ArrayList<>();

  @Option(names = "--suite", paramLabel = "SUITE", description = "Suites to certify (default: ${DEFAULT-VALUE}).")
  String suite = "all";

  @Option(names = "--profile", paramLabel = "PROFILE", description = "Benchmark profile (default: ${DEFAULT-VALUE}).")
  String profile = "quick";

  @Option(names = "--skip", split = ",", paramLabel = "STEP", description = "Steps to leave out: certify, bench.")
  List<String> skip = new ArrayList<>();

  @Mixin
  ReportOptions report = new ReportOptions();

  /** One step of the nightly run. */
  interface Step {
    String name();

    /** Why this build cannot run it, or empty when it can. */
    Optional<String> unavailable();

    /**
     * Runs the step, which writes its results documents under {@code dir}; returns its exit
     * code (0 ok, 1 failures found — both normal; anything else: the step failed).
     */
    int run(Path dir, Context ctx) throws IOException, InterruptedException;
  }

  /** What a step needs to know. */
  record Context(List<String> runtimes, String suite, String profile, PrintWriter out) {}

  /** The steps; tests may replace them. */
  List<Step> steps = List.of(
      new SubcommandStep("certify", "issue 6",
          c -> withRuntimes(List.of("certify", "--suite", c.suite()), c.runtimes())),
      new SubcommandStep("bench", "issue 10",
          c -> withRuntimes(List.of("bench", "--profile", c.profile()), c.runtimes())));

  @Override
  public Integer call() throws Exception {
    PrintWriter o = spec.commandLine().getOut();
    for (String s : skip) {
      if (steps.stream().noneMatch(x -> x.name().equals(s))) {
        throw new Main.UserError("--skip: unknown step '" + s + "' (steps: "
            + String.join(", ", steps.stream().map(Step::name).toList()) + ")");
      }
    }
    Path outRoot = report.outRoot();
    RunInfo run = RunInfo.start(Suites.repoRoot(), report.label);
    Path runDir = outRoot.resolve(run.id());
    Files.createDirectories(runDir);
    o.println("trellis nightly: run " + run.id() + " -> " + runDir);
    List<String> on = runtimes.isEmpty() ? detectedRuntimes() : runtimes;
    o.println("runtimes: " + (on.isEmpty() ? "(none found)" : String.join(", ", on)));
    o.flush();

    Context ctx = new Context(on, suite, profile, o);
    List<String> notes = new ArrayList<>();
    List<RunResults> results = new ArrayList<>();
    int ran = 0;
    boolean stepFailed = false;
    int i = 0;
    for (Step step : steps) {
      i++;
      String head = "[" + i + "/" + (steps.size() + 1) + "] " + step.name();
      if (skip.contains(step.name())) {
        o.println(head + ": skipped (--skip)");
        notes.add(step.name() + " was skipped (--skip)");
        continue;
      }
      Optional<String> why = step.unavailable();
      if (why.isPresent()) {
        o.println(head + ": not run: " + why.get());
        notes.add(step.name() + " did not run: " + why.get());
        continue;
      }
      o.println(head + ": running");
      o.flush();
      long t0 = System.nanoTime();
      Path dir = runDir.resolve(step.name());
      Files.createDirectories(dir);
      int code = step.run(dir, ctx);
      String took = took(System.nanoTime() - t0);
      ran++;
      List<Path> files = ResultsFiles.find(dir);
      for (Path f : files) {
        results.add(ResultsJson.read(f));
      }
      if (code > 1 || files.isEmpty()) {
        stepFailed = true;
        String what = step.name() + " failed (exit " + code + ", " + files.size() + " results file(s)) after " + took;
        o.println(head + ": " + what);
        notes.add(what);
      } else {
        o.println(head + ": done in " + took + (code == 1 ? " (it found failures; see the report)" : "")
            + ", " + files.size() + " results file(s)");
      }
      o.flush();
    }

    o.println("[" + (steps.size() + 1) + "/" + (steps.size() + 1) + "] report");
    o.flush();
    List<String> warnings = new ArrayList<>();
    RunResults merged = results.isEmpty() ? new RunResults(run, List.of(), List.of())
        : ResultsFiles.merge(results, warnings);
    // the nightly run's own identity, whatever ids its steps gave their documents, with the
    // runtime versions the steps recorded
    RunInfo finished = run.finish();
    var machine = finished.machine();
    for (RunResults doc : results) {
      for (var v : doc.run().machine().runtimeVersions().entrySet()) {
        machine = machine.withRuntimeVersion(v.getKey(), v.getValue());
      }
    }
    merged = merged.withRun(new RunInfo(finished.id(), finished.label(), finished.started(), finished.finished(),
        finished.gitCommit(), machine));
    notes.addAll(warnings);
    boolean append = !report.noHistory;
    if (ran == 0) {
      // nothing certified or measured: a report, but no history entry pretending to be a run
      notes.add("nothing was certified or measured, so this run is not added to the history");
      append = false;
    }
    int code = report.report(o, merged, outRoot, append, notes);
    if (ran == 0) {
      o.println("trellis nightly: no step could run in this build; see the notes in the report");
      return Main.FAILURES;
    }
    return stepFailed ? Main.FAILURES : code;
  }

  private static List<String> withRuntimes(List<String> args, List<String> runtimes) {
    List<String> a = new ArrayList<>(args);
    if (!runtimes.isEmpty()) {
      a.add("--runtime");
      a.add(String.join(",", runtimes));
    }
    return a;
  }

  private static List<String> detectedRuntimes() {
    List<String> found = new ArrayList<>();
    for (Runtimes.Discovered d : Runtimes.discover().probeAll()) {
      if (d.probe() instanceof Probe.Available) {
        found.add(d.id());
      }
    }
    return found;
  }

  static String took(long nanos) {
    Duration d = Duration.ofNanos(nanos);
    return d.toMinutes() > 0 ? String.format(Locale.ROOT, "%dm%02ds", d.toMinutes(), d.toSecondsPart())
        : String.format(Locale.ROOT, "%.1fs", nanos / 1e9);
  }

  /**
   * A step that is a {@code trellis} subcommand, run in a child JVM with this one's flags and
   * class path, its output going straight to the terminal (progress bars included), with
   * {@code --out DIR} appended.
   */
  record SubcommandStep(String name, String issue, java.util.function.Function<Context, List<String>> args) implements Step {
    @Override
    public Optional<String> unavailable() {
      return Main.commandLine().getSubcommands().containsKey(name) ? Optional.empty()
          : Optional.of("'trellis " + name + "' is not in this build yet (" + issue + ")");
    }

    @Override
    public int run(Path dir, Context ctx) throws IOException, InterruptedException {
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
        if (!a.startsWith("-agentlib:jdwp") && !a.startsWith("-Xrunjdwp")) {
          cmd.add(a);
        }
      }
      // settings given as system properties (as tests and IDEs do) reach the child too
      for (String prop : List.of("trellis.root", "trellis.suites")) {
        String v = System.getProperty(prop);
        if (v != null && !v.isBlank() && cmd.stream().noneMatch(a -> a.startsWith("-D" + prop + "="))) {
          cmd.add("-D" + prop + "=" + v);
        }
      }
      cmd.add("-cp");
      cmd.add(System.getProperty("java.class.path"));
      cmd.add(Main.class.getName());
      cmd.addAll(args.apply(ctx));
      cmd.add("--out");
      cmd.add(dir.toString());
      ctx.out().println("  $ trellis " + String.join(" ", cmd.subList(cmd.indexOf(Main.class.getName()) + 1, cmd.size())));
      ctx.out().flush();
      Process p = new ProcessBuilder(cmd).inheritIO().start();
      try {
        return p.waitFor();
      } catch (InterruptedException e) {
        p.destroy();
        throw e;
      }
    }
  }
}

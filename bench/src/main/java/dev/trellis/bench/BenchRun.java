package dev.trellis.bench;

import dev.trellis.bench.engines.Drivers;
import dev.trellis.bench.workloads.Workload;
import dev.trellis.bench.workloads.Workloads;
import dev.trellis.harness.Suites;
import dev.trellis.harness.results.Machine;
import dev.trellis.harness.results.Measurement;
import dev.trellis.harness.results.ResultsJson;
import dev.trellis.harness.results.RunInfo;
import dev.trellis.harness.results.RunResults;
import dev.trellis.harness.spi.Feature;
import dev.trellis.harness.spi.Probe;
import dev.trellis.harness.spi.Runtime;
import dev.trellis.harness.spi.RuntimeProvider;
import dev.trellis.harness.spi.Runtimes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.RunResult;

/**
 * One {@code trellis bench} run: the runtimes found (or asked for), each section in turn —
 * JMH benchmarks of the in-process engines, density, the out-of-process runtimes through the
 * SPI, {@code wasi:http} serving, process runtimes from outside — with a progress line per
 * step, then the results written to the output directory:
 *
 * <ul>
 *   <li>{@code results.json}: one results document ({@link RunResults}) of {@link Measurement}s,
 *       with the machine fingerprint and every measured runtime's version;
 *   <li>{@code jmh.json}: JMH's own JSON for every benchmark it ran; {@code jmh.log} its log;
 *   <li>{@code summary.txt}: the ratios, the failures and what was not measured, as printed.
 * </ul>
 * Every workload's results are checked on every runtime before it is timed; a failed check is
 * a failure of the run (exit 1), never a number.
 */
public final class BenchRun {
  /** The sections of a run, in order. */
  public enum Section {
    JMH, PAIRED, DENSITY, SPI, HTTP, PROCESS;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** What to run. */
  public record Options(Profile profile, List<String> runtimes, Path out, Set<Section> sections, PrintWriter progress) {
    public Options {
      runtimes = runtimes == null ? List.of() : List.copyOf(runtimes);
      sections = sections == null || sections.isEmpty() ? EnumSet.allOf(Section.class) : EnumSet.copyOf(sections);
    }
  }

  /** What a run produced. */
  public record Result(Path results, Path jmh, List<Measurement> measurements, List<String> failures,
      List<String> notes, List<String> ratios, Duration took) {}

  private final Options o;
  private final PrintWriter p;
  private final List<String> failures = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final List<Measurement> measurements = new ArrayList<>();
  private final long start = System.nanoTime();

  private BenchRun(Options o) {
    this.o = o;
    this.p = o.progress();
  }

  public static Result run(Options o) throws IOException, InterruptedException {
    if (o.profile() == Profile.SMOKE) {
      // the plumbing check need not wait for a real benchmark run holding JMH's machine-wide
      // lock (read once, when JMH's Runner is loaded: so set before it is)
      System.setProperty("jmh.ignoreLock", "true");
    }
    return new BenchRun(o).run();
  }

  private void say(String s) {
    p.println(s);
    p.flush();
  }

  private void section(String title) {
    say(String.format(Locale.ROOT, "== %s  [%s]", title, NightlyClock.took(System.nanoTime() - start)));
  }

  private Result run() throws IOException, InterruptedException {
    Files.createDirectories(o.out());
    Path repo = Suites.repoRoot();
    RunInfo info = RunInfo.start(repo, null);
    say("trellis bench: profile " + o.profile().id() + ", results to " + o.out());

    // ---- runtimes -----------------------------------------------------------------------
    Runtimes all = Runtimes.discover();
    List<String> asked = o.runtimes();
    for (String id : asked) {
      if (all.provider(id).isEmpty()) {
        throw new IllegalArgumentException("unknown runtime '" + id + "'; known: " + String.join(", ", all.ids()));
      }
    }
    Map<String, Probe.Available> found = new LinkedHashMap<>();
    for (Runtimes.Discovered d : all.probeAll()) {
      boolean wanted = asked.isEmpty() || asked.contains(d.id());
      if (!wanted) {
        continue;
      }
      if (d.probe() instanceof Probe.Available a) {
        found.put(d.id(), a);
        say(String.format(Locale.ROOT, "  %-17s %-14s %s", d.id(), a.version(), a.detail()));
      } else if (d.probe() instanceof Probe.Missing m) {
        say(String.format(Locale.ROOT, "  %-17s %-14s %s", d.id(), "missing", m.reason()));
        if (!asked.isEmpty()) {
          failures.add(d.id() + " was asked for but is missing: " + m.reason());
        } else {
          notes.add(d.id() + " not measured: " + m.reason());
        }
      }
    }
    Machine machine = Machine.current();
    for (var e : found.entrySet()) {
      machine = machine.withRuntimeVersion(e.getKey(), e.getValue().version());
    }
    List<String> ids = List.copyOf(found.keySet());
    List<String> inProcess = ids.stream().filter(Drivers.IN_PROCESS::contains).toList();
    List<String> graalOptions = null;
    if (inProcess.contains("graalwasm")) {
      graalOptions = dev.trellis.harness.adapters.graalwasm.GraalWasmProvider.jvmOptions(true)
          .map(opts -> {
            List<String> all2 = new ArrayList<>(opts);
            all2.add("--enable-native-access=org.graalvm.truffle");
            return List.copyOf(all2);
          }).orElse(null);
      String mode = found.get("graalwasm").detail();
      if (graalOptions == null) {
        notes.add("graalwasm: its jars were not found for the JMH forks; not measured in-process");
      } else if (!mode.startsWith("JIT")) {
        notes.add("graalwasm runs interpreted here (" + mode + "): its numbers are not the JIT's");
      }
    }

    // ---- JMH ----------------------------------------------------------------------------
    Path jmhJson = o.out().resolve("jmh.json");
    if (o.sections().contains(Section.JMH) && !inProcess.isEmpty()) {
      runJmh(inProcess, graalOptions, machine, jmhJson);
    }

    // ---- paired ratios ------------------------------------------------------------------
    if (o.sections().contains(Section.PAIRED) && (ids.contains("trellis") || ids.contains("trellis-compiler"))) {
      section("paired ratios: alternating batches in one JVM, robust to a drifting machine");
      paired(ids, graalOptions, machine);
    }

    // ---- density of the in-process engines --------------------------------------------
    if (o.sections().contains(Section.DENSITY) && !inProcess.isEmpty()) {
      section("density: idle instances of nop, retained heap after GC (a JVM per engine)");
      for (String rt : inProcess) {
        if (rt.equals("graalwasm") && graalOptions == null) {
          continue;
        }
        densityInChild(rt, rt.equals("graalwasm") ? graalOptions : List.of(), machine);
      }
    }

    // ---- runtimes outside this JVM: SPI, http, processes --------------------------------
    List<Runtime> opened = new ArrayList<>();
    try {
      boolean needSpi = o.sections().contains(Section.SPI) || o.sections().contains(Section.HTTP)
          || o.sections().contains(Section.PROCESS);
      for (String id : needSpi ? ids : List.<String>of()) {
        RuntimeProvider prov = all.provider(id).orElseThrow();
        boolean outside = ProcessSection.isProcessRuntime(id);
        if (outside || prov.features().contains(Feature.WASI_HTTP)) {
          try {
            opened.add(all.open(id));
          } catch (RuntimeException e) {
            failures.add(id + ": could not be opened: " + SpiSection.oneLine(e));
          }
        }
      }
      SpiSection.Log log = s -> say("  " + s);
      if (o.sections().contains(Section.SPI)) {
        List<Runtime> outside = opened.stream().filter(r -> ProcessSection.isProcessRuntime(r.id())).toList();
        if (!outside.isEmpty()) {
          section("runtimes outside this JVM, through the SPI: checks, load, instantiate, calls, density (RSS)");
          SpiSection.Plan plan = new SpiSection.Plan(o.profile().callWorkloads(),
              List.of(Workloads.NOP, Workloads.HELLO_HTTP), o.profile().densityCounts, o.profile().densityRepeats,
              o.profile().spiInstantiations, Math.max(5, o.profile().spiInstantiations / 4));
          for (Runtime rt : outside) {
            measurements.addAll(SpiSection.run(rt, plan, machine, log, failures));
          }
        }
      }
      if (o.sections().contains(Section.HTTP)) {
        section("wasi:http: requests/s, " + HttpSection.CONNECTIONS + " keep-alive connections on 127.0.0.1, "
            + o.profile().httpDuration.toSeconds() + " s per server after " + o.profile().httpWarmup.toMillis()
            + " ms warm-up");
        List<Workload> hellos = o.profile() == Profile.FULL ? List.of(Workloads.HELLO_HTTP, Workloads.HELLO_JS)
            : List.of(Workloads.HELLO_HTTP);
        measurements.addAll(HttpSection.run(opened, hellos, o.profile(), machine, log, failures));
        List<String> noHttp = ids.stream()
            .filter(id -> !id.equals("workerd") && !all.provider(id).orElseThrow().features().contains(Feature.WASI_HTTP))
            .toList();
        if (!noHttp.isEmpty()) {
          notes.add("not in the wasi:http section (their adapters do not serve wasi:http): " + String.join(", ", noHttp));
        }
      }
      if (o.sections().contains(Section.PROCESS)) {
        section("process runtimes from outside: " + o.profile().processWarmup + " warm-up + "
            + o.profile().processRuns + " measured rounds, interleaved");
        Path scratch = Files.createTempDirectory("trellis-bench-");
        try {
          List<String> cli = ids.contains("trellis") && cliAvailable() ? javaCommand(List.of(), "dev.trellis.cli.Main")
              : null;
          measurements.addAll(ProcessSection.run(ProcessSection.targets(opened, cli, scratch), o.profile().processWarmup,
              o.profile().processRuns, machine, log, failures));
        } finally {
          deleteTree(scratch);
        }
      }
    } finally {
      for (Runtime r : opened) {
        try {
          r.close();
        } catch (RuntimeException e) {
          notes.add(r.id() + ": closing it failed: " + SpiSection.oneLine(e));
        }
      }
    }

    // ---- ratios and results -------------------------------------------------------------
    Ratios ratios = Ratios.of(measurements, machine);
    measurements.addAll(ratios.measurements);
    RunInfo finished = info.finish();
    RunResults results = new RunResults(new RunInfo(finished.id(), null, finished.started(), finished.finished(),
        finished.gitCommit(), machine), List.of(), measurements);
    Path resultsFile = o.out().resolve("results.json");
    ResultsJson.write(results, resultsFile);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    List<String> summary = new ArrayList<>(ratios.lines);
    if (!notes.isEmpty()) {
      summary.add("Notes:");
      notes.forEach(n -> summary.add("  " + n));
    }
    if (!failures.isEmpty()) {
      summary.add("Failures:");
      failures.forEach(f -> summary.add("  " + f));
    }
    summary.add(String.format(Locale.ROOT, "trellis bench: %s profile, %d measurements of %d runtimes in %s; %s",
        o.profile().id(), measurements.size(), ids.size(), NightlyClock.took(took.toNanos()),
        failures.isEmpty() ? "no failures" : failures.size() + " failure(s)"));
    Files.write(o.out().resolve("summary.txt"), summary, StandardCharsets.UTF_8);
    say("");
    summary.forEach(this::say);
    say("wrote " + resultsFile + (Files.exists(jmhJson) ? ", " + jmhJson : ""));
    return new Result(resultsFile, Files.exists(jmhJson) ? jmhJson : null, List.copyOf(measurements),
        List.copyOf(failures), List.copyOf(notes), ratios.lines, took);
  }

  private void runJmh(List<String> inProcess, List<String> graalOptions, Machine machine, Path jmhJson)
      throws IOException {
    List<JmhSection.Group> groups = JmhSection.plan(o.profile(), inProcess, graalOptions);
    int total = groups.stream().mapToInt(JmhSection.Group::benchmarks).sum();
    section("JMH: " + total + " benchmarks of the in-process engines (" + String.join(", ", inProcess) + "), "
        + (o.profile().forks == 0 ? "in this JVM" : o.profile().forks + " fork(s) each"));
    JmhSection.Progress progress = new JmhSection.Progress(p, total);
    List<Path> parts = new ArrayList<>();
    Path tmp = Files.createTempDirectory(o.out(), ".jmh-");
    try (PrintStream log = new PrintStream(Files.newOutputStream(o.out().resolve("jmh.log")), true,
        StandardCharsets.UTF_8)) {
      int k = 0;
      for (JmhSection.Group g : groups) {
        Path part = tmp.resolve("part-" + (k++) + ".json");
        parts.add(part);
        say("  -- " + g.label());
        int expected = g.benchmarks();
        try {
          var results = JmhSection.run(g, o.profile(), part, log, progress);
          for (RunResult r : results) {
            measurements.addAll(JmhSection.measurements(r, machine));
          }
          if (results.size() < expected) {
            failures.add("JMH " + g.label() + ": " + (expected - results.size()) + " of " + expected
                + " benchmarks failed (their setup's check or the engine; see jmh.log)");
          }
        } catch (Exception e) {
          failures.add("JMH " + g.label() + ": " + SpiSection.oneLine(e));
          say("  " + g.label() + ": FAILED " + SpiSection.oneLine(e));
        }
      }
      JmhSection.mergeJson(parts, jmhJson);
    } finally {
      deleteTree(tmp);
    }
  }

  /** The paired ratios, in a JVM of their own ({@link PairedMain}), GraalWasm's options included when it is measured. */
  private void paired(List<String> ids, List<String> graalOptions, Machine machine) throws IOException,
      InterruptedException {
    Profile.Paired pp = o.profile().paired;
    List<String> rts = new ArrayList<>(ids.stream().filter(id -> id.startsWith("trellis")
        || id.equals("chicory-compiler")).toList());
    boolean graal = ids.contains("graalwasm") && graalOptions != null;
    if (graal) {
      rts.add("graalwasm");
    }
    List<String> cmd = javaCommand(graal ? graalOptions : List.of(), PairedMain.class.getName());
    cmd.addAll(List.of(Integer.toString(pp.rounds()), Long.toString(pp.warmupMs()), Long.toString(pp.kernelWarmupMs()),
        Long.toString(pp.graalWarmupMs())));
    cmd.addAll(rts);
    Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    StringBuilder other = new StringBuilder();
    int found = 0;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        String[] f = line.split(" ");
        if (f.length > 6 && f[0].equals("pair")) {
          List<Double> ratios = new ArrayList<>();
          for (int i = 6; i < f.length; i++) {
            ratios.add(Double.parseDouble(f[i]));
          }
          measurements.add(new Measurement(f[1], f[2], "ratio", "paired-time-ratio", "x", Map.of("against", f[3]),
              ratios, machine));
          found++;
          say(String.format(Locale.ROOT, "  %-17s %-19s %s vs %s %s: ratio %.2fx (median of %d rounds)", f[1], f[2],
              Fmt.nanos(Double.parseDouble(f[4])), f[3], Fmt.nanos(Double.parseDouble(f[5])),
              SpiSection.median(ratios), ratios.size()));
        } else if (!line.startsWith("WARNING")) {
          other.append(line).append('\n');
        }
      }
    }
    if (!proc.waitFor(10, TimeUnit.MINUTES)) {
      proc.destroyForcibly();
    }
    if (proc.exitValue() != 0 || found == 0) {
      String why = other.toString().lines().filter(l -> !l.isBlank()).findFirst().orElse("exit " + proc.exitValue());
      failures.add("paired ratios: " + why);
      say("  FAILED " + why);
    }
  }

  /** Density of one in-process engine, in a JVM of its own ({@link DensityMain}). */
  private void densityInChild(String rt, List<String> extraJvm, Machine machine) throws IOException, InterruptedException {
    String form = Drivers.forms(rt).getFirst();
    List<String> args = new ArrayList<>(List.of(rt, form, Workloads.NOP.name(), Integer.toString(o.profile().densityRepeats)));
    o.profile().densityCounts.forEach(n -> args.add(Integer.toString(n)));
    List<String> cmd = javaCommand(extraJvm, DensityMain.class.getName());
    cmd.addAll(args);
    Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    Map<Integer, List<Double>> heap = new LinkedHashMap<>();
    Map<Integer, List<Double>> rss = new LinkedHashMap<>();
    StringBuilder other = new StringBuilder();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        String[] f = line.split(" ");
        if (f.length == 4 && f[0].equals("density")) {
          int n = Integer.parseInt(f[1]);
          heap.computeIfAbsent(n, x -> new ArrayList<>()).add(Double.parseDouble(f[2]));
          rss.computeIfAbsent(n, x -> new ArrayList<>()).add(Double.parseDouble(f[3]));
        } else if (!line.startsWith("WARNING")) {
          other.append(line).append('\n');
        }
      }
    }
    if (!proc.waitFor(10, TimeUnit.MINUTES)) {
      proc.destroyForcibly();
    }
    if (proc.exitValue() != 0 || heap.isEmpty()) {
      String why = other.toString().lines().filter(l -> !l.isBlank()).findFirst().orElse("exit " + proc.exitValue());
      failures.add(rt + " density: " + why);
      say("  " + rt + ": FAILED " + why);
      return;
    }
    for (int n : heap.keySet()) {
      Map<String, String> params = Map.of("instances", Integer.toString(n), "form", form);
      measurements.add(new Measurement(rt, "nop", "density", "retained-heap", "bytes", params, heap.get(n), machine));
      boolean nativeMemory = rt.equals("wasmtime") || rt.equals("graalwasm");
      if (nativeMemory) {
        measurements.add(new Measurement(rt, "nop", "density", "rss", "bytes", params, rss.get(n), machine));
      }
      say(String.format(Locale.ROOT, "  %-17s %6d instances: retained heap %s per instance%s", rt, n,
          Fmt.bytes(SpiSection.median(heap.get(n))),
          nativeMemory ? ", RSS " + Fmt.bytes(SpiSection.median(rss.get(n))) + " per instance" : ""));
    }
  }

  /** A command line running {@code mainClass} in a new JVM on this JVM's class path. */
  static List<String> javaCommand(List<String> extraJvm, String mainClass) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!a.startsWith("-agentlib:jdwp") && !a.startsWith("-Xrunjdwp") && !a.startsWith("-javaagent")) {
        cmd.add(a);
      }
    }
    cmd.addAll(JmhSection.FORK_JVM_ARGS);
    cmd.addAll(extraJvm);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass);
    return cmd;
  }

  private static boolean cliAvailable() {
    return ClassLoader.getSystemResource("dev/trellis/cli/Main.class") != null;
  }

  static void deleteQuietly(Path dir) {
    try {
      deleteTree(dir);
    } catch (IOException e) {
      // a temporary directory left behind
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (var s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Elapsed times as the nightly prints them. */
  static final class NightlyClock {
    private NightlyClock() {}

    static String took(long nanos) {
      Duration d = Duration.ofNanos(nanos);
      return d.toMinutes() > 0 ? String.format(Locale.ROOT, "%dm%02ds", d.toMinutes(), d.toSecondsPart())
          : String.format(Locale.ROOT, "%.1fs", nanos / 1e9);
    }
  }
}

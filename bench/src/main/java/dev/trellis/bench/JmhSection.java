package dev.trellis.bench;

import dev.trellis.bench.engines.Drivers;
import dev.trellis.bench.engines.Phase;
import dev.trellis.bench.workloads.Workload;
import dev.trellis.harness.results.Machine;
import dev.trellis.harness.results.Measurement;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The JMH part of a bench run: which benchmarks run with which parameters for the profile and
 * runtimes ({@link #plan}), running each group ({@link #run}) with a progress line per
 * benchmark, and turning JMH's results into {@link Measurement}s whose samples are the
 * per-iteration scores of every fork ({@link #measurements}).
 */
final class JmhSection {
  /** JVM options every fork gets (the engine needs a deep stack; Wasmtime's FFM needs native access). */
  static final List<String> FORK_JVM_ARGS = List.of("-Xss16m", "--enable-native-access=ALL-UNNAMED",
      "--sun-misc-unsafe-memory-access=allow");

  /** One JMH run: a benchmark class, its methods, its parameters, its iterations, extra fork options. */
  record Group(String label, Class<?> bench, List<String> methods, Map<String, List<String>> params,
      Profile.Iterations iterations, List<String> jvmArgs, boolean singleShot) {
    Group(String label, Class<?> bench, List<String> methods, Map<String, List<String>> params,
        Profile.Iterations iterations, List<String> jvmArgs) {
      this(label, bench, methods, params, iterations, jvmArgs, false);
    }

    int benchmarks() {
      int n = methods.size();
      for (List<String> v : params.values()) {
        n *= v.size();
      }
      return n;
    }
  }

  private JmhSection() {}

  private static boolean interpreter(String rt) {
    return rt.equals("trellis") || rt.equals("chicory");
  }

  /**
   * The groups for {@code runtimes} (in-process ones only) under {@code profile}.
   * {@code graalOptions} are the JVM options of a GraalWasm fork, or null without GraalWasm.
   * A lean profile measures what the ratios need: phases of nop and hello-http on the component
   * engines and of nop and sha256 on the compiling core engines (nop only on Chicory's
   * interpreter), and of the kernels sha256 alone (the paired section compares all four).
   * GraalWasm's calls get longer warm-up than other engines' (its JIT is itself warming up).
   */
  static List<Group> plan(Profile profile, List<String> runtimes, List<String> graalOptions) {
    List<Group> groups = new ArrayList<>();
    for (String rt : runtimes) {
      if (!Drivers.IN_PROCESS.contains(rt) || rt.equals("graalwasm") && graalOptions == null) {
        continue;
      }
      boolean graal = rt.equals("graalwasm");
      List<String> jvm = graal ? graalOptions : List.of();
      String phaseForm = Drivers.forms(rt).getFirst(); // components where the engine runs them
      List<String> phaseMethods = new ArrayList<>();
      for (Phase p : Drivers.phases(rt, phaseForm)) {
        if (p != Phase.CALL) {
          phaseMethods.add(p.method());
        }
      }
      List<Workload> phaseWorkloads = profile.phaseWorkloads;
      if (profile.lean() && (phaseForm.equals("component") || interpreter(rt))) {
        phaseWorkloads = phaseWorkloads.stream().filter(w -> !w.has(Workload.Use.KERNEL)).toList();
      }
      // a 14 MB component takes seconds per operation: timed one operation per iteration
      List<Workload> heavy = phaseWorkloads.stream().filter(w -> w == dev.trellis.bench.workloads.Workloads.HELLO_JS)
          .toList();
      List<String> phaseWl = names(phaseWorkloads.stream().filter(w -> !heavy.contains(w)).toList(), phaseForm);
      if (!phaseWl.isEmpty()) {
        groups.add(new Group(rt + " phases", PhaseBench.class, phaseMethods,
            params("runtime", List.of(rt), "form", List.of(phaseForm), "workload", phaseWl), profile.normal, jvm));
      }
      List<String> heavyWl = names(heavy, phaseForm);
      if (!heavyWl.isEmpty()) {
        groups.add(new Group(rt + " phases, single shot", PhaseBench.class, phaseMethods,
            params("runtime", List.of(rt), "form", List.of(phaseForm), "workload", heavyWl),
            new Profile.Iterations(1, java.time.Duration.ZERO, 3, java.time.Duration.ZERO), jvm, true));
      }
      for (String form : Drivers.forms(rt)) {
        List<String> scalar = names(profile.scalarCalls, form);
        if (!scalar.isEmpty()) {
          groups.add(new Group(rt + " calls (" + form + ")", CallBench.class, List.of("call"),
              params("runtime", List.of(rt), "form", List.of(form), "workload", scalar),
              graal ? profile.kernels : profile.normal, jvm));
        }
        List<Workload> kernels = profile.kernelCalls;
        if (rt.equals("wasmtime") && form.equals("core")) {
          continue; // Wasmtime's core form is there for its component/core call ratio
        }
        if (profile.lean()) {
          // the kernels' ratios come from the paired section; JMH times sha256 as the absolute reference
          kernels = kernels.stream().filter(w -> w == dev.trellis.bench.workloads.Workloads.SHA256).toList();
        }
        List<String> kernelWl = names(kernels, form);
        if (!kernelWl.isEmpty()) {
          groups.add(new Group(rt + " kernels (" + form + ")", CallBench.class, List.of("call"),
              params("runtime", List.of(rt), "form", List.of(form), "workload", kernelWl),
              graal ? profile.graal : profile.kernels, jvm));
        }
      }
    }
    List<String> abiRuntimes = runtimes.stream().filter(r -> r.startsWith("trellis")).toList();
    if (!abiRuntimes.isEmpty()) {
      groups.add(new Group("Canonical ABI list<u8>", AbiBench.class, List.of("bytesIn"),
          params("runtime", abiRuntimes, "size", strings(profile.abiSizes)), profile.normal, List.of()));
      List<String> others = profile.lean() ? List.of("stringIn", "pointsIn")
          : List.of("bytesEcho", "stringIn", "stringEcho", "pointsIn");
      groups.add(new Group("Canonical ABI others", AbiBench.class, others,
          params("runtime", abiRuntimes, "size", strings(profile.abiOtherSizes)), profile.normal, List.of()));
      groups.add(new Group("JDK ceilings", JdkBench.class, List.of("arraycopy"),
          params("size", strings(profile.abiSizes)), profile.normal, List.of()));
      groups.add(new Group("JDK ceilings", JdkBench.class, List.of("newString", "getBytes"),
          params("size", strings(profile.abiOtherSizes)), profile.normal, List.of()));
      List<String> backends = new ArrayList<>();
      if (abiRuntimes.contains("trellis")) {
        backends.add("INTERPRETER");
      }
      if (abiRuntimes.contains("trellis-compiler")) {
        backends.add("COMPILER");
      }
      List<String> ccb = profile.lean()
          ? List.of("hostToGuestNopComponent", "hostToGuestNopCore", "hostToGuestEchoComponent", "hostToGuestEchoCore")
          : List.of("hostToGuestNopComponent", "hostToGuestNopCore", "hostToGuestEchoComponent", "hostToGuestEchoCore",
              "guestToHostNopComponent", "guestToHostNopCore", "guestToHostEchoComponent", "guestToHostEchoCore");
      groups.add(new Group("component vs core calls", ComponentCallBench.class, ccb, params("backend", backends),
          profile.normal, List.of()));
    }
    return groups;
  }

  private static List<String> names(List<Workload> ws, String form) {
    return ws.stream().filter(w -> form.equals("component") ? w.hasComponent() : w.hasCore()).map(Workload::name)
        .toList();
  }

  private static List<String> strings(List<Integer> xs) {
    return xs.stream().map(String::valueOf).toList();
  }

  private static Map<String, List<String>> params(Object... kv) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      @SuppressWarnings("unchecked")
      List<String> v = (List<String>) kv[i + 1];
      m.put((String) kv[i], v);
    }
    return m;
  }

  /** Runs one group; JMH's JSON goes to {@code json}, its log to {@code log}. */
  static Collection<RunResult> run(Group g, Profile profile, Path json, PrintStream log, Progress progress)
      throws RunnerException {
    StringBuilder include = new StringBuilder("^").append(java.util.regex.Pattern.quote(g.bench().getName()))
        .append("\\.(").append(String.join("|", g.methods())).append(")$");
    // a group with JVM options of its own (GraalWasm's module path) needs a fork even in smoke
    int forks = profile.forks == 0 && !g.jvmArgs().isEmpty() ? 1 : profile.forks;
    Profile.Iterations it = g.iterations();
    ChainedOptionsBuilder o = new OptionsBuilder()
        .include(include.toString())
        .forks(forks)
        .warmupIterations(it.warmups())
        .measurementIterations(it.measurements())
        .measurementTime(time(it.measurementTime()))
        .shouldFailOnError(false)
        .resultFormat(ResultFormatType.JSON)
        .result(json.toString());
    if (g.singleShot()) {
      o.mode(org.openjdk.jmh.annotations.Mode.SingleShotTime).timeUnit(java.util.concurrent.TimeUnit.MILLISECONDS);
    } else if (it.warmups() > 0) {
      o.warmupTime(time(it.warmupTime()));
    }
    if (forks > 0) {
      List<String> jvm = new ArrayList<>(FORK_JVM_ARGS);
      jvm.addAll(g.jvmArgs());
      o.jvmArgsAppend(jvm.toArray(String[]::new));
    }
    g.params().forEach((k, v) -> o.param(k, v.toArray(String[]::new)));
    long waitUntil = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(30);
    while (true) {
      try {
        return new Runner(o.build(), new Progressive(log, progress)).run();
      } catch (RunnerException e) {
        // another JMH run holds /tmp/jmh.lock: benchmarks must not overlap, so wait for it
        if (!String.valueOf(e.getMessage()).contains("JMH lock") || System.nanoTime() > waitUntil) {
          throw e;
        }
        progress.out.println("  (another JMH run is in progress on this machine; waiting for it to finish)");
        progress.out.flush();
        try {
          Thread.sleep(10_000);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private static TimeValue time(java.time.Duration d) {
    return TimeValue.milliseconds(d.toMillis());
  }

  /** Counts benchmarks and prints one line per finished one. */
  static final class Progress {
    final java.io.PrintWriter out;
    final int total;
    int done;

    Progress(java.io.PrintWriter out, int total) {
      this.out = out;
      this.total = total;
    }
  }

  /** JMH's output: its text to the log, a progress line per benchmark to the terminal. */
  private static final class Progressive implements OutputFormat {
    private final PrintStream log;
    private final Progress progress;

    Progressive(PrintStream log, Progress progress) {
      this.log = log;
      this.progress = progress;
    }

    @Override
    public void iteration(BenchmarkParams b, IterationParams i, int n) {}

    @Override
    public void iterationResult(BenchmarkParams b, IterationParams i, int n, IterationResult r) {
      log.println("  " + i.getType() + " " + n + ": " + r.getPrimaryResult());
    }

    @Override
    public void startBenchmark(BenchmarkParams b) {
      log.println("# " + label(b));
    }

    @Override
    public void endBenchmark(BenchmarkResult r) {
      progress.done++;
      String line;
      if (r == null) {
        line = "failed (see jmh.log)";
      } else {
        var p = r.getPrimaryResult();
        line = label(r.getParams()) + ": " + Fmt.score(p.getScore(), p.getScoreError(), p.getScoreUnit());
      }
      progress.out.printf(Locale.ROOT, "  [%d/%d] %s%n", progress.done, progress.total, line);
      progress.out.flush();
    }

    private static String label(BenchmarkParams b) {
      String m = b.getBenchmark().substring(b.getBenchmark().lastIndexOf('.') + 1);
      String cls = b.getBenchmark().substring(0, b.getBenchmark().lastIndexOf('.'));
      cls = cls.substring(cls.lastIndexOf('.') + 1);
      StringBuilder sb = new StringBuilder(cls).append('.').append(m);
      for (String k : b.getParamsKeys()) {
        sb.append(' ').append(k).append('=').append(b.getParam(k));
      }
      return sb.toString();
    }

    @Override
    public void startRun() {}

    @Override
    public void endRun(Collection<RunResult> results) {}

    @Override
    public void print(String s) {
      log.print(s);
    }

    @Override
    public void println(String s) {
      log.println(s);
    }

    @Override
    public void flush() {
      log.flush();
    }

    @Override
    public void close() {}

    @Override
    public void verbosePrintln(String s) {
      log.println(s);
    }

    @Override
    public void write(int b) {
      log.write(b);
    }

    @Override
    public void write(byte[] b) throws IOException {
      log.write(b);
    }
  }

  /** The measurements of one JMH result. */
  static List<Measurement> measurements(RunResult r, Machine machine) {
    BenchmarkParams p = r.getParams();
    String bench = p.getBenchmark();
    String method = bench.substring(bench.lastIndexOf('.') + 1);
    String cls = bench.substring(0, bench.lastIndexOf('.'));
    List<Double> raw = new ArrayList<>();
    for (BenchmarkResult br : r.getBenchmarkResults()) {
      for (IterationResult ir : br.getIterationResults()) {
        raw.add(ir.getPrimaryResult().getScore());
      }
    }
    if (raw.isEmpty()) {
      return List.of();
    }
    String unit = unit(r.getPrimaryResult().getScoreUnit());
    List<Measurement> out = new ArrayList<>();
    if (cls.endsWith(".PhaseBench") || cls.endsWith(".CallBench")) {
      String rt = p.getParam("runtime");
      String wl = p.getParam("workload");
      Map<String, String> params = Map.of("form", p.getParam("form"));
      Phase phase = Phase.ofMethod(method);
      out.add(new Measurement(rt, wl, phase.id(), "time", unit, params, raw, machine));
      if (phase == Phase.CALL) {
        double toNanos = nanos(unit);
        out.add(new Measurement(rt, wl, "throughput", "calls", "calls/s", params,
            raw.stream().map(x -> 1e9 / (x * toNanos)).toList(), machine));
      }
    } else if (cls.endsWith(".AbiBench") || cls.endsWith(".JdkBench")) {
      int size = Integer.parseInt(p.getParam("size"));
      String rt = cls.endsWith(".JdkBench") ? Measurement.JDK : p.getParam("runtime");
      String wl = switch (method) {
        case "bytesIn" -> "list-u8-in";
        case "bytesEcho" -> "list-u8-echo";
        case "stringIn" -> "string-in";
        case "stringEcho" -> "string-echo";
        case "pointsIn" -> "list-record-in";
        case "arraycopy" -> "arraycopy";
        case "newString" -> "new-string";
        case "getBytes" -> "string-getbytes";
        default -> method;
      };
      double toNanos = nanos(unit);
      // MB/s = bytes / (ns * 1e-9) / 1e6
      out.add(new Measurement(rt, wl, "throughput", "bytes", "MB/s", Map.of("bytes", Integer.toString(size)),
          raw.stream().map(x -> size * 1e3 / (x * toNanos)).toList(), machine));
    } else if (cls.endsWith(".ComponentCallBench")) {
      String rt = p.getParam("backend").equals("COMPILER") ? "trellis-compiler" : "trellis";
      boolean component = method.endsWith("Component");
      String call = method.substring(0, method.length() - (component ? "Component".length() : "Core".length()));
      String wl = call.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT); // host-to-guest-nop
      out.add(new Measurement(rt, wl, "call", "time", unit, Map.of("form", component ? "component" : "core"), raw,
          machine));
    }
    return out;
  }

  /** JMH's score unit ({@code us/op}) as a Measurement unit ({@code us}). */
  static String unit(String jmh) {
    String u = jmh.endsWith("/op") ? jmh.substring(0, jmh.length() - 3) : jmh;
    return u.equals("\u00b5s") ? "us" : u;
  }

  static double nanos(String unit) {
    return switch (unit) {
      case "ns" -> 1;
      case "us" -> 1e3;
      case "ms" -> 1e6;
      case "s" -> 1e9;
      default -> throw new IllegalArgumentException("time unit " + unit);
    };
  }

  /** Merges JMH's JSON files (each an array of results) into one array. */
  static void mergeJson(List<Path> parts, Path into) throws IOException {
    var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    var all = mapper.createArrayNode();
    for (Path p : parts) {
      if (Files.isRegularFile(p) && Files.size(p) > 0) {
        var node = mapper.readTree(p.toFile());
        if (node != null && node.isArray()) {
          all.addAll((com.fasterxml.jackson.databind.node.ArrayNode) node);
        }
      }
    }
    mapper.writerWithDefaultPrettyPrinter().writeValue(into.toFile(), all);
  }
}

package dev.trellis.cli;

import dev.trellis.harness.Suites;
import dev.trellis.harness.results.CaseResult;
import dev.trellis.harness.results.ConformanceMatrix;
import dev.trellis.harness.results.JUnitXml;
import dev.trellis.harness.results.Outcome;
import dev.trellis.harness.results.ResultsJson;
import dev.trellis.harness.results.RunInfo;
import dev.trellis.harness.results.RunResults;
import dev.trellis.harness.spi.Probe;
import dev.trellis.harness.spi.Runtime;
import dev.trellis.harness.spi.RuntimeFailure;
import dev.trellis.harness.spi.Runtimes;
import dev.trellis.spectests.Expectations;
import dev.trellis.spectests.SpecSuite;
import dev.trellis.spectests.WastSession;
import dev.trellis.wasiconformance.WasiCertification;
import dev.trellis.wasiconformance.WasiExpectations;
import dev.trellis.wasiconformance.WasiRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code trellis certify}: the conformance matrix of runtimes, per feature area. */
@Command(
    name = "certify",
    header = "Run the conformance suites on each runtime and write the per-feature-area matrix.",
    mixinStandardHelpOptions = true,
    description = {
      "Run the conformance suites on each runtime and write a per-runtime, per-feature-area",
      "matrix: OUT/results.json (the results document: every case, the run, the machine),",
      "OUT/matrix.json and OUT/junit.xml (one testcase per directive). A case needing a feature",
      "the runtime does not declare is unsupported, not failed. Expected failures are read from",
      "spec-tests/expectations/RUNTIME.txt; one that starts passing is reported as a failure.",
      "Suites: component-model (run), wasm-tools (validated as wasm-tools' wast does; modules are",
      "instantiated only for the scripts' actions), wasi (Trellis's WASI 0.2 suite:",
      "commands and wasi:http proxies built from wasi-conformance/programs, judged by their",
      "wasi-testsuite-style JSON specs, expectations in wasi-conformance/expectations), all.",
      "--wasi-testsuite DIR adds an upstream wasi-testsuite checkout: its wasip1 tests through",
      "the preview1 adapter, its wasip3 tests on runtimes that declare wasi-p3."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:no case failed", "1:some case failed (or an expected failure passed)",
        "2:usage error, unknown or missing runtime"})
final class CertifyCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--runtime", split = ",", paramLabel = "ID",
      description = "Runtimes to certify (default: every runtime found; see `trellis runtimes`).")
  List<String> runtimes = new ArrayList<>();

  @Option(names = "--suite", paramLabel = "SUITE", defaultValue = "all",
      description = "component-model, wasm-tools, wasi or all (default: ${DEFAULT-VALUE}).")
  String suite;

  @Option(names = "--out", paramLabel = "DIR", required = true, description = "Where the matrix and results go.")
  Path out;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
      description = "Wall-clock limit of one directive (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Option(names = "--no-progress", description = "No progress bar, even on a terminal.")
  boolean noProgress;

  @Option(names = "--in-process", description = "Certify every runtime in this JVM (by default, with more than one "
      + "runtime, each runs in a JVM of its own, so one that aborts its process loses only its own results).")
  boolean inProcess;

  @Option(names = "--wasi-testsuite", paramLabel = "DIR",
      description = "Also run this checkout of WebAssembly/wasi-testsuite (suite wasi-testsuite).")
  Path wasiTestsuite;

  @Option(names = "--summary", hidden = true, defaultValue = "matrix")
  String summary;

  @Option(names = "--expectations", paramLabel = "DIR",
      description = "Where RUNTIME.txt expectation files are (default: spec-tests/expectations in the repository).")
  Path expectationsDir;

  @Override
  public Integer call() throws IOException {
    List<SpecSuite> suites = suites();
    Runtimes all = Runtimes.discover();
    List<String> ids = runtimes.isEmpty() ? found(all) : runtimes;
    for (String id : ids) {
      if (all.provider(id).isEmpty()) {
        throw new Main.UserError("unknown runtime '" + id + "'; known: " + String.join(", ", all.ids()));
      }
    }
    PrintWriter o = spec.commandLine().getOut();
    Path repo = Suites.repoRoot();
    Path suitesRoot = Suites.require(Suites.root());
    RunInfo run = RunInfo.start(repo, null);
    List<CaseResult> cases = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    boolean crashed = false;
    boolean isolate = ids.size() > 1 && !inProcess;
    for (String id : ids) {
      if (isolate) {
        // Each runtime in a JVM of its own: a runtime that takes its process down (a native
        // library aborting) loses only its own results.
        RunResults child = inChild(id, o);
        if (child == null) {
          notes.add(id + " did not finish (its process died): its cases are missing");
          crashed = true;
          continue;
        }
        for (var v : child.run().machine().runtimeVersions().entrySet()) {
          run = withVersion(run, v.getKey(), v.getValue());
        }
        cases.addAll(child.cases());
        continue;
      }
      Runtime rt;
      try {
        rt = all.open(id);
      } catch (RuntimeFailure e) {
        throw new Main.UserError("cannot certify " + id + ": " + e.getMessage());
      }
      try (rt) {
        run = withVersion(run, id, rt.version());
        cases.addAll(certify(rt, suites, repo, suitesRoot, o));
      }
    }
    RunResults results = new RunResults(run.finish(), cases, List.of());
    Files.createDirectories(out);
    ResultsJson.write(results, out.resolve("results.json"));
    ConformanceMatrix matrix = results.matrix();
    ResultsJson.writeValue(matrix, out.resolve("matrix.json"));
    JUnitXml.write(cases, out.resolve("junit.xml"));
    if (!summary.equals("none")) {
      printMatrix(o, matrix);
      for (String n : notes) {
        o.println("note: " + n);
      }
      o.println("wrote " + out.resolve("results.json") + ", " + out.resolve("matrix.json") + ", " + out.resolve("junit.xml"));
    }
    o.flush();
    return crashed || cases.stream().anyMatch(r -> r.outcome() == Outcome.FAILED) ? Main.FAILURES : Main.OK;
  }

  private static RunInfo withVersion(RunInfo run, String id, String version) {
    return new RunInfo(run.id(), run.label(), run.started(), run.finished(), run.gitCommit(),
        run.machine().withRuntimeVersion(id, version));
  }

  /** Certifies one opened runtime on {@code suites}, printing its tally and what now passes. */
  private List<CaseResult> certify(Runtime rt, List<SpecSuite> suites, Path repo, Path suitesRoot, PrintWriter o)
      throws IOException {
    String id = rt.id();
    Expectations expectations = expectations(repo, id);
    Certification c = new Certification(rt, expectations, suitesRoot, Duration.ofSeconds(timeoutSeconds));
    Map<SpecSuite, List<WastSession>> sessions = new LinkedHashMap<>();
    int total = 0;
    for (SpecSuite s : suites) {
      List<WastSession> list = c.sessions(s);
      sessions.put(s, list);
      total += list.stream().mapToInt(WastSession::size).sum();
    }
    WasiCertification wasi = null;
    boolean ownWasi = suite.equals("wasi") || suite.equals("all");
    if (ownWasi || wasiTestsuite != null) {
      try {
        wasi = WasiCertification.prepare(repo, ownWasi, wasiTestsuite);
        total += wasi.cases().size();
      } catch (WasiRunner.ProgramException e) {
        // Asked for by name, the suite must run; as part of "all", a machine without the C
        // toolchain still certifies the rest, and says so.
        if (suite.equals("wasi") || wasiTestsuite != null) {
          throw new Main.UserError("cannot build the wasi suite's programs: " + e.getMessage());
        }
        o.println("  the wasi suite is not run: its programs do not build here (" + e.getMessage().lines().findFirst()
            .orElse("") + ")");
      }
    }
    o.println("certify " + id + " " + rt.version() + " (" + rt.detail() + "): " + total + " cases");
    o.flush();
    ProgressBar bar = new ProgressBar(spec.commandLine().getErr(), total, !noProgress && System.console() != null);
    List<CaseResult> mine = new ArrayList<>();
    for (List<WastSession> list : sessions.values()) {
      for (WastSession s : list) {
        mine.addAll(c.run(s, bar::advance));
      }
    }
    List<String> stale = List.of();
    if (wasi != null) {
      WasiExpectations wexp = wasi.expectations(id);
      mine.addAll(wasi.run(rt, wexp, Duration.ofSeconds(timeoutSeconds), bar::advance));
      stale = wexp.unused().stream().map(x -> x.key() + " (" + wexp.source() + ":" + x.line() + ")").toList();
    }
    bar.done();
    o.println("  " + tally(mine));
    for (CaseResult r : mine) {
      if (r.outcome() == Outcome.FAILED && r.message() != null && r.message().startsWith("expected to fail")) {
        o.println("  now passing: " + r.file() + ":" + r.line() + " " + r.directive() + " — " + r.message());
      }
    }
    for (String x : stale) {
      o.println("  stale expectation (matches no case): " + x);
    }
    o.flush();
    return mine;
  }

  /**
   * Runs {@code trellis certify --runtime ID --in-process} in a child JVM with this one's flags
   * and class path (its output goes to the terminal) and reads its results, or returns null
   * when it died without writing them.
   */
  private RunResults inChild(String id, PrintWriter o) throws IOException {
    Path dir = Files.createTempDirectory("trellis-certify-" + id + "-");
    try {
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      for (String a : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
        if (!a.startsWith("-agentlib:jdwp") && !a.startsWith("-Xrunjdwp") && !a.startsWith("-javaagent")) {
          cmd.add(a);
        }
      }
      cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "certify", "--in-process",
          "--runtime", id, "--suite", suite, "--timeout", Long.toString(timeoutSeconds), "--out", dir.toString(),
          "--summary", "none"));
      if (noProgress) {
        cmd.add("--no-progress");
      }
      if (expectationsDir != null) {
        cmd.addAll(List.of("--expectations", expectationsDir.toString()));
      }
      if (wasiTestsuite != null) {
        cmd.addAll(List.of("--wasi-testsuite", wasiTestsuite.toAbsolutePath().toString()));
      }
      o.flush();
      int code;
      try {
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        code = p.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted certifying " + id);
      }
      Path results = dir.resolve("results.json");
      if (code > 1 || !Files.exists(results)) {
        o.println("certify " + id + ": its process exited with code " + code + " before writing results");
        o.flush();
        return null;
      }
      return ResultsJson.read(results);
    } finally {
      try (var s = Files.walk(dir)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
      }
    }
  }

  private Expectations expectations(Path repo, String id) throws IOException {
    return Expectations.forRuntime(expectationsDir != null ? expectationsDir : Expectations.dir(repo), id);
  }

  private List<SpecSuite> suites() {
    return switch (suite) {
      case "component-model" -> List.of(SpecSuite.COMPONENT_MODEL);
      case "wasm-tools" -> List.of(SpecSuite.WASM_TOOLS);
      case "all" -> List.of(SpecSuite.COMPONENT_MODEL, SpecSuite.WASM_TOOLS);
      case "wasi" -> List.of(); // the WASI suites run after the spec suites, see certify()
      default -> throw new Main.UserError("--suite: unknown suite '" + suite + "' (component-model, wasm-tools, wasi, all)");
    };
  }

  private static List<String> found(Runtimes all) {
    List<String> ids = new ArrayList<>();
    for (Runtimes.Discovered d : all.probeAll()) {
      if (d.probe() instanceof Probe.Available) {
        ids.add(d.id());
      }
    }
    return ids;
  }

  static String tally(List<CaseResult> cases) {
    ConformanceMatrix.Tally t = ConformanceMatrix.Tally.ZERO;
    for (CaseResult c : cases) {
      t = t.plus(ConformanceMatrix.Tally.of(c.outcome()));
    }
    return cell(t);
  }

  private static String cell(ConformanceMatrix.Tally t) {
    return t.passed() + " passed, " + t.failed() + " failed, " + t.skipped() + " skipped, " + t.unsupported()
        + " unsupported, " + t.expectedFailure() + " expected failures";
  }

  /** The matrix as text: one row per runtime, one column per feature area (passed/ran). */
  static void printMatrix(PrintWriter o, ConformanceMatrix m) {
    int w = Math.max(8, m.runtimes().stream().mapToInt(String::length).max().orElse(8));
    StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-" + w + "s", "runtime"));
    for (String f : m.features()) {
      head.append("  ").append(String.format(Locale.ROOT, "%13s", f));
    }
    o.println(head);
    for (String r : m.runtimes()) {
      StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-" + w + "s", r));
      for (String f : m.features()) {
        ConformanceMatrix.Tally t = m.cell(r, f);
        int ran = t.passed() + t.failed() + t.expectedFailure();
        String c = ran == 0 ? (t.unsupported() > 0 ? "unsupported" : "-") : t.passed() + "/" + ran;
        row.append("  ").append(String.format(Locale.ROOT, "%13s", c));
      }
      o.println(row);
    }
    o.println("(passed/ran per feature area; expected failures count as ran; skipped and unsupported do not)");
  }

  /** A one-line progress bar on stderr, redrawn in place, only on a terminal. */
  static final class ProgressBar {
    private final PrintWriter err;
    private final int total;
    private final boolean enabled;
    private int done;
    private long lastDraw;

    ProgressBar(PrintWriter err, int total, boolean enabled) {
      this.err = err;
      this.total = Math.max(1, total);
      this.enabled = enabled;
    }

    void advance(String runtime, String file) {
      done++;
      long now = System.nanoTime();
      if (!enabled || (now - lastDraw < 100_000_000L && done < total)) {
        return;
      }
      lastDraw = now;
      int width = 30;
      int filled = (int) ((long) width * done / total);
      String name = file.length() > 50 ? "..." + file.substring(file.length() - 47) : file;
      err.print("\r" + runtime + " [" + "#".repeat(filled) + ".".repeat(width - filled) + "] " + done + "/" + total + " "
          + String.format(Locale.ROOT, "%-50s", name));
      err.flush();
    }

    void done() {
      if (enabled) {
        err.print("\r" + " ".repeat(120) + "\r");
        err.flush();
      }
    }
  }
}

package dev.trellis.wasiconformance;

import dev.trellis.harness.results.CaseResult;
import dev.trellis.harness.spi.Runtime;
import dev.trellis.harness.spi.Wasm;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * What {@code trellis certify} runs for the WASI suites: Trellis's own WASI 0.2 suite (its
 * programs built first, incrementally), and an upstream wasi-testsuite checkout when one is
 * given. Each runtime runs them under its expectations file,
 * {@code wasi-conformance/expectations/RUNTIME.txt}, which holds the entries of both.
 */
public final class WasiCertification {
  private final Path repo;
  private final List<WasiCase> cases;
  private final Function<WasiCase, Wasm> programs;

  private WasiCertification(Path repo, List<WasiCase> cases, Function<WasiCase, Wasm> programs) {
    this.repo = repo;
    this.cases = List.copyOf(cases);
    this.programs = programs;
  }

  /**
   * @param own whether to run Trellis's suite
   * @param wasiTestsuite an upstream checkout to run too, or null
   */
  public static WasiCertification prepare(Path repo, boolean own, Path wasiTestsuite) throws IOException {
    List<WasiCase> cases = new ArrayList<>();
    WasiSuite suite = null;
    Path built = repo.resolve("wasi-conformance/target/wasi-programs");
    if (own) {
      WasiSuite.build(repo, built);
      suite = WasiSuite.load(repo);
      cases.addAll(suite.cases());
    }
    WasiTestsuite upstream = null;
    if (wasiTestsuite != null) {
      upstream = WasiTestsuite.load(wasiTestsuite, repo.resolve("wasi-conformance/target/wasi-testsuite-cache"),
          repo.resolve("wasi-conformance/programs"));
      cases.addAll(upstream.cases());
    }
    WasiSuite s = suite;
    WasiTestsuite u = upstream;
    return new WasiCertification(repo, cases, c -> c.suite().equals(WasiTestsuite.ID) ? u.wasm(c) : s.wasm(c));
  }

  public List<WasiCase> cases() {
    return cases;
  }

  /** The expectations of {@code runtime} (none when it has no file). */
  public WasiExpectations expectations(String runtime) throws IOException {
    return WasiExpectations.load(WasiExpectations.fileFor(repo, runtime));
  }

  /** Runs every case on {@code rt}; {@code progress} hears (runtime, case id) after each. */
  public List<CaseResult> run(Runtime rt, WasiExpectations expectations, Duration timeout,
      BiConsumer<String, String> progress) {
    WasiRunner runner = new WasiRunner(rt, expectations, timeout, programs);
    List<CaseResult> out = new ArrayList<>();
    for (WasiCase c : cases) {
      out.add(runner.run(c));
      progress.accept(rt.id(), c.id());
    }
    return out;
  }
}

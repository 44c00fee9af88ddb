package dev.trellis.wasiconformance;

import dev.trellis.engine.text.ComponentWat;
import dev.trellis.harness.adapters.Processes;
import dev.trellis.harness.spi.Wasm;
import dev.trellis.wasiconformance.WasiRunner.ProgramException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Trellis's WASI 0.2 conformance suite: the specs under {@code wasi-conformance/tests}
 * ({@code <area>/<name>.json}, the area being a column of the conformance matrix) and the
 * programs under {@code wasi-conformance/programs}: C programs built by
 * {@code scripts/build-wasi-suite} into {@code wasi-conformance/target/wasi-programs}
 * ({@code TRELLIS_WASI_PROGRAMS} elsewhere), WAT components assembled here by Trellis's own
 * {@code ComponentWat}, and committed component binaries (componentize-js).
 *
 * <p>A spec names its program as {@code "program": "c/fs"} (a built C program),
 * {@code "wat/hello"} (a {@code .wat} source), {@code "js/NAME"} (a binary committed under
 * {@code programs/js}) or {@code "repo:PATH"} (a component committed elsewhere in the
 * repository, such as the componentize-js handler of {@code test-programs/wasi/js}).
 */
public final class WasiSuite {
  public static final String ID = "wasi";

  private final Path tests;
  private final Path sources;
  private final Path built;
  private final List<WasiCase> cases;
  private final Map<Path, Wasm> cache = new ConcurrentHashMap<>();

  private WasiSuite(Path tests, Path sources, Path built, List<WasiCase> cases) {
    this.tests = tests;
    this.sources = sources;
    this.built = built;
    this.cases = List.copyOf(cases);
  }

  /** The suite of the repository at {@code repoRoot}. */
  public static WasiSuite load(Path repoRoot) throws IOException {
    Path module = repoRoot.resolve("wasi-conformance");
    String out = System.getenv("TRELLIS_WASI_PROGRAMS");
    Path built = out != null && !out.isBlank() ? Path.of(out) : module.resolve("target/wasi-programs");
    return load(module.resolve("tests"), module.resolve("programs"), built);
  }

  public static WasiSuite load(Path tests, Path sources, Path built) throws IOException {
    List<Path> specs;
    try (Stream<Path> s = Files.walk(tests)) {
      specs = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    List<WasiCase> cases = new ArrayList<>();
    for (Path f : specs) {
      String rel = tests.relativize(f).toString().replace('\\', '/');
      String id = rel.substring(0, rel.length() - ".json".length());
      int slash = id.indexOf('/');
      String area = slash > 0 ? id.substring(0, slash) : "other";
      WasiSpec spec = WasiSpec.read(f);
      String program = spec.program() != null ? spec.program() : id;
      cases.add(new WasiCase(ID, id, area, f, spec, program(program, sources, built)));
    }
    return new WasiSuite(tests, sources, built, cases);
  }

  private static WasiCase.Program program(String name, Path sources, Path built) {
    if (name.startsWith("repo:")) {
      // A component committed elsewhere in the repository (test-programs/...), by its path.
      return new WasiCase.Program.Component(sources.getParent().getParent().resolve(name.substring(5)));
    }
    if (name.startsWith("wat/")) {
      return new WasiCase.Program.Wat(sources.resolve(name + ".wat"));
    }
    if (name.startsWith("c/")) {
      return new WasiCase.Program.Component(built.resolve(name + ".wasm"));
    }
    return new WasiCase.Program.Component(sources.resolve(name + ".wasm"));
  }

  public List<WasiCase> cases() {
    return cases;
  }

  public Path testsDir() {
    return tests;
  }

  public Path builtDir() {
    return built;
  }

  /** The component a case runs: read, or assembled from text with {@code ComponentWat}. */
  public Wasm wasm(WasiCase c) {
    return cache.computeIfAbsent(c.program().path(), p -> load(c.program()));
  }

  static Wasm load(WasiCase.Program program) {
    Path p = program.path();
    try {
      return switch (program) {
        case WasiCase.Program.Wat w -> Wasm.of(name(p), ComponentWat.assemble(Files.readString(p), p.toString(),
            ComponentWat.Options.DEFAULT));
        case WasiCase.Program.Component c -> {
          if (!Files.isRegularFile(p)) {
            throw new ProgramException(p + " is not built (scripts/build-wasi-suite)");
          }
          yield Wasm.read(p);
        }
        case WasiCase.Program.Preview3 c -> Wasm.read(p);
        case WasiCase.Program.Preview1 c -> throw new ProgramException(p + ": a preview1 module needs adapting first");
        case WasiCase.Program.Unreadable u -> throw new ProgramException(u.reason());
      };
    } catch (IOException e) {
      throw new ProgramException(p + ": " + e.getMessage(), e);
    } catch (dev.trellis.engine.error.TrellisException e) {
      throw new ProgramException(p + ": does not assemble: " + e.getMessage(), e);
    }
  }

  private static String name(Path p) {
    String f = p.getFileName().toString();
    int dot = f.lastIndexOf('.');
    return dot > 0 ? f.substring(0, dot) : f;
  }

  /**
   * Runs {@code scripts/build-wasi-suite} (it rebuilds only what changed) and fails with its
   * output if it fails. {@code TRELLIS_WASI_NO_BUILD=1} skips it (programs built elsewhere).
   */
  public static void build(Path repoRoot, Path out) throws IOException {
    if ("1".equals(System.getenv("TRELLIS_WASI_NO_BUILD"))) {
      return;
    }
    Path script = repoRoot.resolve("scripts/build-wasi-suite");
    Processes.Result r = Processes.run(List.of("bash", script.toString(), out.toString()), repoRoot, Map.of(), null,
        Duration.ofMinutes(10));
    if (r.timedOut() || r.exitCode() != 0) {
      throw new ProgramException("scripts/build-wasi-suite failed (exit " + r.exitCode() + "):\n"
          + new String(r.stderr(), StandardCharsets.UTF_8) + new String(r.stdout(), StandardCharsets.UTF_8));
    }
  }
}

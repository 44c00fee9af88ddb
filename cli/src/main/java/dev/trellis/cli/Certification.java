package dev.trellis.cli;

import dev.trellis.engine.text.WastRunLine;
import dev.trellis.harness.results.CaseResult;
import dev.trellis.harness.results.Outcome;
import dev.trellis.harness.spi.Feature;
import dev.trellis.harness.spi.Instance;
import dev.trellis.harness.spi.Loaded;
import dev.trellis.harness.spi.Runtime;
import dev.trellis.harness.spi.Wasm;
import dev.trellis.spectests.CaseReport;
import dev.trellis.spectests.Expectations;
import dev.trellis.spectests.RuntimeTarget;
import dev.trellis.spectests.WastRunner;
import dev.trellis.spectests.WastSession;
import dev.trellis.spectests.WastTarget;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Certifies one runtime on the spec suites: every directive of every script becomes one
 * {@link CaseResult}. A script whose feature area needs a {@link Feature} the runtime does not
 * declare is reported {@code unsupported} case by case without running; a case that fails
 * because the runtime says it does not support a construct ({@code RuntimeFailure.Kind
 * UNSUPPORTED}) is {@code unsupported} too. Expected failures come from the runtime's
 * expectations file, as for {@code trellis wast}; one that passes is reported failed.
 */
final class Certification {

  /** A suite of scripts and how they are run. */
  enum Suite {
    /** The Component Model's own reference tests: instantiated and run. */
    COMPONENT_MODEL("component-model", "component-model/test", true),
    /** wasm-tools' component-model tests: binaries must load (validate) or be rejected. */
    WASM_TOOLS("wasm-tools", "wasm-tools/tests/cli/component-model", false);

    final String id;
    final String dir;
    final boolean execute;

    Suite(String id, String dir, boolean execute) {
      this.id = id;
      this.dir = dir;
      this.execute = execute;
    }
  }

  /** What a script's feature area (its directory in the suite) needs of a runtime. */
  static final Map<String, Set<Feature>> AREA_NEEDS = Map.of(
      "async", EnumSet.of(Feature.COMPONENT, Feature.COMPONENT_ASYNC),
      "resources", EnumSet.of(Feature.COMPONENT, Feature.RESOURCES),
      "error-context", EnumSet.of(Feature.COMPONENT, Feature.ERROR_CONTEXT),
      "gc", EnumSet.of(Feature.COMPONENT, Feature.COMPONENT_GC),
      "memory64", EnumSet.of(Feature.COMPONENT, Feature.COMPONENT_MEMORY64),
      "shared-everything-threads", EnumSet.of(Feature.COMPONENT, Feature.SHARED_EVERYTHING_THREADS),
      "values", EnumSet.of(Feature.COMPONENT));

  static Set<Feature> needs(String area, boolean execute) {
    Set<Feature> n = EnumSet.copyOf(AREA_NEEDS.getOrDefault(area, EnumSet.of(Feature.COMPONENT)));
    if (execute) {
      n.add(Feature.INVOKE);
    }
    return n;
  }

  /** Progress, one call per case. */
  interface Progress {
    void advance(String runtime, String file);
  }

  private static final Pattern UNSUPPORTED = Pattern.compile("(^|: |, got )unsupported: ");

  /** Directives that define or instantiate the module later actions run on. */
  private static final Set<String> MODULE_FORMS = Set.of("module", "component", "component definition",
      "component instance", "module definition", "module instance");

  private final Runtime runtime;
  private final Expectations expectations;
  private final Path suitesRoot;
  private final Duration timeout;

  Certification(Runtime runtime, Expectations expectations, Path suitesRoot, Duration timeout) {
    this.runtime = runtime;
    this.expectations = expectations;
    this.suitesRoot = suitesRoot;
    this.timeout = timeout;
  }

  /** The sessions (one per run of each script) of {@code suite}, not yet run. */
  List<WastSession> sessions(Suite suite) throws IOException {
    WastRunner runner = new WastRunner(target(suite), expectations, suitesRoot).timeout(timeout);
    List<WastSession> out = new ArrayList<>();
    for (Path script : WastRunner.scripts(List.of(suitesRoot.resolve(suite.dir)))) {
      out.addAll(runner.sessions(script));
    }
    return out;
  }

  private WastTarget target(Suite suite) {
    return suite.execute ? new RuntimeTarget(runtime) : new ValidateOnly(runtime);
  }

  /** Runs (or reports unsupported) every case of {@code session}. */
  List<CaseResult> run(Suite suite, WastSession session, Progress progress) {
    List<CaseResult> out = new ArrayList<>();
    Set<Feature> missing = needs(session.feature(), suite.execute);
    missing.removeAll(runtime.features());
    // The line of the last module form the runtime did not support: until a module loads
    // again, what fails acts on a module that is not there, so it is unsupported as well.
    int unsupportedModule = 0;
    try (session) {
      for (int i = 0; i < session.size(); i++) {
        CaseResult r;
        if (!missing.isEmpty()) {
          r = result(session, i, Outcome.UNSUPPORTED, "needs " + join(missing) + ", which " + runtime.id()
              + " does not declare", 0);
        } else {
          long t0 = System.nanoTime();
          CaseReport c = session.run(i);
          long nanos = System.nanoTime() - t0;
          Outcome o = c.outcome();
          String message = c.message();
          boolean module = MODULE_FORMS.contains(c.directive());
          if (o == Outcome.FAILED && message != null && UNSUPPORTED.matcher(message).find()) {
            o = Outcome.UNSUPPORTED;
            if (module) {
              unsupportedModule = c.line();
            }
          } else if (o == Outcome.FAILED && unsupportedModule > 0) {
            o = Outcome.UNSUPPORTED;
            message = "acts on the module of line " + unsupportedModule + ", which " + runtime.id()
                + " does not support (" + message + ")";
          } else if (module && o == Outcome.PASSED) {
            unsupportedModule = 0;
          }
          r = new CaseResult(runtime.id(), session.suite(), session.file(), c.line(), c.directive(), o, message,
              session.feature(), nanos);
        }
        out.add(r);
        progress.advance(runtime.id(), session.file());
      }
    }
    return out;
  }

  private CaseResult result(WastSession s, int i, Outcome o, String message, long nanos) {
    return new CaseResult(runtime.id(), s.suite(), s.file(), s.line(i), s.directive(i), o, message, s.feature(), nanos);
  }

  private static String join(Set<Feature> fs) {
    return String.join(", ", fs.stream().map(Feature::id).toList());
  }

  /**
   * Validation only, over any runtime: binaries are loaded (decoded, validated) or must be
   * rejected; nothing is instantiated, because most of wasm-tools' components import what no
   * host provides.
   */
  static final class ValidateOnly implements WastTarget {
    private final Runtime runtime;

    ValidateOnly(Runtime runtime) {
      this.runtime = runtime;
    }

    @Override
    public String runtime() {
      return runtime.id();
    }

    @Override
    public String mode() {
      return "validate";
    }

    @Override
    public boolean validates() {
      return true;
    }

    @Override
    public boolean executes() {
      return false;
    }

    /** Under the script's own feature profile, where the runtime can take one. */
    @Override
    public Loaded load(Wasm wasm, WastRunLine run) {
      return runtime.load(wasm, run.features());
    }

    @Override
    public Instance instantiate(Loaded loaded) {
      throw new UnsupportedOperationException("validation only");
    }
  }

  static String lower(Outcome o) {
    return o.id().toLowerCase(Locale.ROOT);
  }
}

package dev.trellis.spectests;

import dev.trellis.engine.error.TextException;
import dev.trellis.engine.runtime.Val;
import dev.trellis.engine.text.ComponentWat;
import dev.trellis.engine.text.WastAction;
import dev.trellis.engine.text.WastDirective;
import dev.trellis.engine.text.WastExpected;
import dev.trellis.engine.text.WastModule;
import dev.trellis.engine.text.WastRunLine;
import dev.trellis.engine.text.WastScript;
import dev.trellis.harness.results.Outcome;
import dev.trellis.harness.spi.Instance;
import dev.trellis.harness.spi.Loaded;
import dev.trellis.harness.spi.RuntimeFailure;
import dev.trellis.harness.spi.Wasm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One run of one script on one {@link WastTarget}: its directives are run in order, each
 * giving one {@link CaseReport}, against the state the previous ones built (defined modules,
 * named instances, the current instance). Expectations are applied per case.
 *
 * <p>{@link #run(int)} must be called for every directive in order (the JUnit suite runs one
 * directive per dynamic test this way); {@link #runAll()} does that in one go.
 */
public final class WastSession implements AutoCloseable {
  private final String file;
  private final String suite;
  private final String feature;
  private final WastScript script;
  private final TextException readError;
  private final WastRunLine run;
  private final WastTarget target;
  private final Expectations expectations;
  private final Duration timeout;
  private final ComponentWat.Options options;

  private final Map<String, Loaded> definitions = new HashMap<>();
  private final Map<String, Instance> instances = new HashMap<>();
  private final Set<String> knownModules = new HashSet<>();
  private final Map<String, String> skippedModules = new HashMap<>();
  /** Modules/definitions that failed to load or instantiate: id (or "" for the current one) to its line. */
  private final Map<String, Integer> failedModules = new HashMap<>();
  private Instance current;
  private boolean haveCurrent;
  private String currentSkipped;
  private int next;
  private ExecutorService executor;

  WastSession(String file, String suite, String feature, WastScript script, TextException readError, WastRunLine run,
      WastTarget target, Expectations expectations, Duration timeout) {
    this.file = file;
    this.suite = suite;
    this.feature = feature;
    this.script = script;
    this.readError = readError;
    this.run = run;
    this.target = target;
    this.expectations = expectations;
    this.timeout = timeout;
    this.options = new ComponentWat.Options(run.strictIndices());
  }

  /** The case id of the script: its path under the suites root, with {@code [label]} for a labelled run. */
  public String file() {
    return file;
  }

  public String suite() {
    return suite;
  }

  public String feature() {
    return feature;
  }

  public WastRunLine runLine() {
    return run;
  }

  /** The number of cases: one per directive, or one for a script that does not read. */
  public int size() {
    return script == null ? 1 : script.directives().size();
  }

  /** The line of case {@code i}. */
  public int line(int i) {
    return script == null ? readError.line() : script.directives().get(i).line();
  }

  /** The directive name of case {@code i}. */
  public String directive(int i) {
    return script == null ? "script" : script.directives().get(i).keyword();
  }

  /** Runs every case. */
  public FileReport runAll() {
    List<CaseReport> cases = new ArrayList<>();
    for (int i = next; i < size(); i++) {
      cases.add(run(i));
    }
    return new FileReport(file, suite, feature, cases);
  }

  /** Runs case {@code i}; cases must be run in order. */
  public CaseReport run(int i) {
    if (i != next) {
      throw new IllegalStateException("cases of " + file + " must run in order: expected " + next + ", got " + i);
    }
    next++;
    int line = line(i);
    String directive = directive(i);
    Expectations.Entry entry = expectations.lookup(file, line, target.mode());
    if (entry != null && entry.kind() == Expectations.Kind.SKIP) {
      WastDirective d = script == null ? null : script.directives().get(i);
      if (d != null) {
        noteSkipped(d, entry.key());
      }
      return new CaseReport(file, line, directive, Outcome.SKIPPED, entry.reason());
    }
    String failure;
    String skipped = null;
    if (script == null) {
      failure = "does not read: " + readError.getMessage();
    } else {
      WastDirective d = script.directives().get(i);
      skipped = dependsOnSkipped(d);
      failure = skipped != null ? null : execute(d);
    }
    if (skipped != null) {
      return new CaseReport(file, line, directive, Outcome.SKIPPED, skipped);
    }
    if (entry != null) {
      return failure == null
          ? new CaseReport(file, line, directive, Outcome.FAILED,
              "expected to fail (" + entry.reason() + ") but passed: remove the entry from " + expectations.source())
          : new CaseReport(file, line, directive, Outcome.EXPECTED_FAILURE, entry.reason() + " [" + failure + "]");
    }
    return failure == null
        ? new CaseReport(file, line, directive, Outcome.PASSED, null)
        : new CaseReport(file, line, directive, Outcome.FAILED, failure);
  }

  // ---------------------------------------------------------------- skipped modules

  private void noteSkipped(WastDirective d, String key) {
    if (d instanceof WastDirective.Module m) {
      if (m.module().id() != null) {
        skippedModules.put(m.module().id(), key);
      }
      if (!m.module().definition()) {
        currentSkipped = key;
      }
    } else if (d instanceof WastDirective.ModuleInstance mi) {
      if (mi.instanceId() != null) {
        skippedModules.put(mi.instanceId(), key);
      }
      currentSkipped = key;
    }
  }

  /** A reason to skip {@code d} because the module it acts on was skipped, or null. */
  private String dependsOnSkipped(WastDirective d) {
    String id;
    boolean usesCurrent;
    switch (d) {
      case WastDirective.Action a -> {
        id = a.action().moduleId();
        usesCurrent = true;
      }
      case WastDirective.AssertReturn a -> {
        id = a.action().moduleId();
        usesCurrent = true;
      }
      case WastDirective.AssertExhaustion a -> {
        id = a.action().moduleId();
        usesCurrent = true;
      }
      case WastDirective.AssertTrap a when a.action() != null -> {
        id = a.action().moduleId();
        usesCurrent = true;
      }
      case WastDirective.ModuleInstance mi -> {
        id = mi.definitionId();
        usesCurrent = false;
      }
      case WastDirective.Register r -> {
        id = r.moduleId();
        usesCurrent = true;
      }
      default -> {
        // a new module replaces the current one
        if (d instanceof WastDirective.Module m && !m.module().definition()) {
          currentSkipped = null;
        }
        return null;
      }
    }
    String key = id != null ? skippedModules.get(id) : (usesCurrent ? currentSkipped : null);
    if (d instanceof WastDirective.ModuleInstance mi && key == null) {
      currentSkipped = null;
      if (mi.instanceId() != null) {
        skippedModules.remove(mi.instanceId());
      }
    }
    return key == null ? null : "depends on the skipped " + key;
  }

  // ---------------------------------------------------------------- directives

  /** Runs one directive; returns null if it passed, else why it failed. */
  private String execute(WastDirective d) {
    try {
      return timed(() -> directive(d));
    } catch (RuntimeException e) {
      return "internal error: " + e;
    }
  }

  private interface Step {
    String run();
  }

  private String timed(Step step) {
    if (!target.executes()) {
      return step.run();
    }
    if (executor == null) {
      executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(null, r, "wast-" + file, 64L << 20);
        t.setDaemon(true);
        return t;
      });
    }
    Future<String> f = executor.submit(step::run);
    try {
      return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      executor.shutdownNow();
      executor = null;
      return "timed out after " + timeout.toSeconds() + " s";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      return "internal error: " + c;
    }
  }

  private String directive(WastDirective d) {
    return switch (d) {
      case WastDirective.Module m -> defineModule(m.module());
      case WastDirective.ModuleInstance mi -> instantiateDefinition(mi);
      case WastDirective.Register r -> {
        if (!hasModule(r.moduleId())) {
          yield "no module " + (r.moduleId() == null ? "defined" : "$" + r.moduleId()) + " to register";
        }
        yield target.executes() ? "`register` is not supported: the runtime SPI does not link script instances" : null;
      }
      case WastDirective.Action a -> {
        Called<List<Val>> r = invoke(a.action());
        yield r.failure;
      }
      case WastDirective.AssertReturn a -> assertReturn(a);
      case WastDirective.AssertTrap a -> a.action() != null ? assertActionFails(a.action(), RuntimeFailure.Kind.TRAP, a.message())
          : assertInstantiationFails(a.module(), RuntimeFailure.Kind.TRAP, a.message());
      case WastDirective.AssertExhaustion a -> assertActionFails(a.action(), RuntimeFailure.Kind.EXHAUSTED, a.message());
      case WastDirective.AssertInvalid a -> assertInvalid(a);
      case WastDirective.AssertMalformed a -> assertMalformed(a);
      case WastDirective.AssertUnlinkable a -> assertInstantiationFails(a.module(), RuntimeFailure.Kind.UNLINKABLE, a.message());
      case WastDirective.Unreadable u -> "does not read: " + u.error().getMessage();
    };
  }

  /** Assembles a module form; the exception says why it does not. */
  private byte[] assemble(WastModule m) {
    return ComponentWat.assemble(m, file, options);
  }

  private Wasm wasm(WastModule m, byte[] bytes) {
    return Wasm.of(file + ":" + m.pos().line(), bytes);
  }

  private String defineModule(WastModule m) {
    String failure = defineModule0(m);
    if (failure != null) {
      failedModules.put(m.id() == null ? "" : m.id(), m.pos().line());
      if (!m.definition()) {
        failedModules.put("", m.pos().line());
        haveCurrent = false;
        current = null;
      }
    } else if (!m.definition()) {
      failedModules.remove("");
    }
    return failure;
  }

  private String defineModule0(WastModule m) {
    byte[] bytes;
    try {
      bytes = assemble(m);
    } catch (TextException e) {
      return "does not assemble: " + e.getMessage();
    }
    Loaded loaded;
    try {
      loaded = target.load(wasm(m, bytes), run);
    } catch (RuntimeFailure e) {
      return "rejected: " + e;
    }
    if (m.definition()) {
      if (m.id() != null) {
        definitions.put(m.id(), loaded);
        knownModules.add(m.id());
      }
      return null;
    }
    if (target.executes()) {
      Instance i;
      try {
        i = target.instantiate(loaded);
      } catch (RuntimeFailure e) {
        current = null;
        haveCurrent = false;
        return "instantiation failed: " + e;
      }
      current = i;
      if (m.id() != null) {
        instances.put(m.id(), i);
      }
    }
    haveCurrent = true;
    if (m.id() != null) {
      knownModules.add(m.id());
    }
    return null;
  }

  private String instantiateDefinition(WastDirective.ModuleInstance mi) {
    Loaded def = definitions.get(mi.definitionId());
    if (def == null) {
      Integer failed = failedModules.get(mi.definitionId());
      failedModules.put("", failed == null ? 0 : failed);
      if (mi.instanceId() != null) {
        failedModules.put(mi.instanceId(), failed == null ? 0 : failed);
      }
      haveCurrent = false;
      current = null;
      return failed != null
          ? "not instantiated: the definition $" + mi.definitionId() + " (line " + failed + ") failed"
          : "unknown definition $" + mi.definitionId();
    }
    if (target.executes()) {
      Instance i;
      try {
        i = target.instantiate(def);
      } catch (RuntimeFailure e) {
        haveCurrent = false;
        current = null;
        failedModules.put("", mi.pos().line());
        if (mi.instanceId() != null) {
          failedModules.put(mi.instanceId(), mi.pos().line());
        }
        return "instantiation failed: " + e;
      }
      current = i;
      if (mi.instanceId() != null) {
        instances.put(mi.instanceId(), i);
      }
    }
    failedModules.remove("");
    haveCurrent = true;
    if (mi.instanceId() != null) {
      knownModules.add(mi.instanceId());
    }
    return null;
  }

  private boolean hasModule(String id) {
    return id == null ? haveCurrent : knownModules.contains(id);
  }

  private record Called<T>(T value, String failure, RuntimeFailure error) {}

  private Called<List<Val>> invoke(WastAction a) {
    if (!hasModule(a.moduleId())) {
      Integer failed = failedModules.get(a.moduleId() == null ? "" : a.moduleId());
      if (failed != null && failed > 0) {
        return new Called<>(null, "not run: the module it acts on (line " + failed + ") failed", null);
      }
      return new Called<>(null, "no module instance " + (a.moduleId() == null ? "defined" : "$" + a.moduleId())
          + " to run `" + a.name() + "` on", null);
    }
    if (!target.executes()) {
      return new Called<>(null, null, null);
    }
    Instance i = a.moduleId() == null ? current : instances.get(a.moduleId());
    if (i == null) {
      return new Called<>(null, "no instance " + (a.moduleId() == null ? "" : "$" + a.moduleId())
          + " (its instantiation failed)", null);
    }
    if (a instanceof WastAction.Get) {
      return new Called<>(null, "`get` is not supported: the runtime SPI reads no exported globals or values", null);
    }
    WastAction.Invoke inv = (WastAction.Invoke) a;
    try {
      return new Called<>(i.invoke(inv.name(), inv.args()), null, null);
    } catch (RuntimeFailure e) {
      return new Called<>(null, "`" + inv.name() + "` failed: " + e, e);
    }
  }

  private String assertReturn(WastDirective.AssertReturn a) {
    Called<List<Val>> r = invoke(a.action());
    if (r.failure != null || !target.executes()) {
      return r.failure;
    }
    List<Val> got = r.value;
    List<WastExpected> want = a.expected();
    if (got.size() != want.size()) {
      return "expected " + want.size() + " result(s) " + want + ", got " + got;
    }
    for (int k = 0; k < want.size(); k++) {
      if (!want.get(k).matches(got.get(k))) {
        return "result " + k + ": expected " + want.get(k) + ", got " + got.get(k);
      }
    }
    return null;
  }

  private String assertActionFails(WastAction a, RuntimeFailure.Kind kind, String message) {
    Called<List<Val>> r = invoke(a);
    if (!target.executes()) {
      return r.failure;
    }
    if (r.error != null) {
      return r.error.kind() == kind ? null
          : "expected " + kind.name().toLowerCase() + " \"" + message + "\", got " + r.error;
    }
    if (r.failure != null) {
      return r.failure;
    }
    return "expected " + kind.name().toLowerCase() + " \"" + message + "\", but it returned " + r.value;
  }

  private String assertInstantiationFails(WastModule m, RuntimeFailure.Kind kind, String message) {
    byte[] bytes;
    try {
      bytes = assemble(m);
    } catch (TextException e) {
      return "does not assemble: " + e.getMessage();
    }
    Loaded loaded;
    try {
      loaded = target.load(wasm(m, bytes), run);
    } catch (RuntimeFailure e) {
      return "rejected: " + e;
    }
    if (!target.executes()) {
      return null;
    }
    try {
      target.instantiate(loaded).close();
    } catch (RuntimeFailure e) {
      return e.kind() == kind ? null : "expected " + kind.name().toLowerCase() + " \"" + message + "\", got " + e;
    }
    return "instantiated, but the script expects " + kind.name().toLowerCase() + " \"" + message + "\"";
  }

  private String assertInvalid(WastDirective.AssertInvalid a) {
    byte[] bytes;
    try {
      bytes = assemble(a.module());
    } catch (TextException e) {
      return "does not assemble (the module is well-formed, only invalid): " + e.getMessage();
    }
    try {
      target.load(wasm(a.module(), bytes), run).close();
    } catch (RuntimeFailure e) {
      if (!target.validates()) {
        return "does not decode (the module is well-formed, only invalid): " + e;
      }
      return e.kind() == RuntimeFailure.Kind.INVALID || e.kind() == RuntimeFailure.Kind.MALFORMED ? null
          : "expected invalid \"" + a.message() + "\", got " + e;
    }
    return target.validates() ? "validated, but the script expects invalid \"" + a.message() + "\"" : null;
  }

  private String assertMalformed(WastDirective.AssertMalformed a) {
    byte[] bytes;
    try {
      bytes = assemble(a.module());
    } catch (TextException e) {
      return null;
    }
    if (!(a.module() instanceof WastModule.Binary)) {
      return "assembled, but the script expects a text error \"" + a.message() + "\"";
    }
    try {
      target.load(wasm(a.module(), bytes), run).close();
    } catch (RuntimeFailure e) {
      return e.kind() == RuntimeFailure.Kind.MALFORMED || e.kind() == RuntimeFailure.Kind.INVALID ? null
          : "expected malformed \"" + a.message() + "\", got " + e;
    }
    return "decoded, but the script expects malformed \"" + a.message() + "\"";
  }

  @Override
  public void close() {
    for (Instance i : instances.values()) {
      try {
        i.close();
      } catch (RuntimeException e) {
        // closing is best effort
      }
    }
    if (executor != null) {
      executor.shutdownNow();
    }
  }
}

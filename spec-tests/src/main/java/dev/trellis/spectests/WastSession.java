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
import dev.trellis.harness.spi.Feature;
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
 * <p>The run's {@link WastSemantics} (from the script's run line) say when a module is
 * instantiated: where it is defined (the spec interpreter's), or only when an action first
 * needs it (wasm-tools' {@code wast}, which validates module forms). What the target cannot
 * run is reported {@link Outcome#UNSUPPORTED}, as {@link Support} describes; an expected
 * failure stays one however it fails, and one that passes is a failure.
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
  private final WastSemantics semantics;
  private final String mode;
  /** What the script needs that the target does not declare: if any, no case runs. */
  private final Set<Feature> missing;

  private final Map<String, Loaded> definitions = new HashMap<>();
  private final Map<String, Slot> instances = new HashMap<>();
  private final List<Slot> slots = new ArrayList<>();
  private final Set<String> knownModules = new HashSet<>();
  private final Map<String, String> skippedModules = new HashMap<>();
  /** Modules/definitions that failed to load or instantiate: id (or "" for the current one) to how. */
  private final Map<String, Failed> failedModules = new HashMap<>();
  private Slot current;
  private boolean haveCurrent;
  private String currentSkipped;
  private int next;
  private ExecutorService executor;

  /** A module form that failed at {@code line} (0: unknown), and whether as unsupported. */
  private record Failed(int line, boolean unsupported) {}

  /** Why a directive did not pass; {@code unsupported} if the target does not support what it needs. */
  private record Failure(String message, boolean unsupported) {
    static Failure of(String message) {
      return new Failure(message, false);
    }

    /** {@code prefix + e}, unsupported if the runtime said so. */
    static Failure of(String prefix, RuntimeFailure e) {
      return new Failure(prefix + e, Support.unsupported(e));
    }
  }

  /**
   * A module instance of the script: instantiated when defined, or (wasm-tools' semantics) when
   * an action first needs it; an instantiation that failed stays failed.
   */
  private final class Slot {
    final Loaded loaded;
    final int line;
    Instance instance;
    RuntimeFailure failure;
    /** True once an id names it: then it outlives its time as the current instance. */
    boolean named;

    Slot(Loaded loaded, int line) {
      this.loaded = loaded;
      this.line = line;
      slots.add(this);
    }

    /** Instantiates now unless done already; the failure if it does not instantiate. */
    RuntimeFailure instantiate() {
      if (instance == null && failure == null) {
        try {
          instance = target.instantiate(loaded);
        } catch (RuntimeFailure e) {
          failure = e;
        }
      }
      return failure;
    }

    void close() {
      if (instance != null) {
        try {
          instance.close();
        } catch (RuntimeException e) {
          // closing is best effort
        }
        instance = null;
      }
    }
  }

  /**
   * Makes {@code slot} (or none) the current instance; an unnamed one it replaces can no longer
   * be acted on, so it is closed now rather than at the end of the script.
   */
  private void replaceCurrent(Slot slot) {
    if (current != null && current != slot && !current.named) {
      current.close();
      slots.remove(current);
    }
    current = slot;
  }

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
    this.semantics = WastSemantics.of(run);
    this.mode = target.executes() ? semantics.executingMode() : target.mode();
    this.missing = Support.missing(feature, semantics, target.features());
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

  /** When the run instantiates modules: from the script's run line. */
  public WastSemantics semantics() {
    return semantics;
  }

  /**
   * The mode this run is reported in and its expectations are looked up under: the target's
   * ({@code parse}, {@code validate}), or on an executing target {@code execute}, and
   * {@code validate} for a wasm-tools script ({@link WastSemantics#executingMode()}).
   */
  public String mode() {
    return mode;
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
    return new FileReport(file, suite, feature, mode, cases);
  }

  /** Runs case {@code i}; cases must be run in order. */
  public CaseReport run(int i) {
    if (i != next) {
      throw new IllegalStateException("cases of " + file + " must run in order: expected " + next + ", got " + i);
    }
    next++;
    int line = line(i);
    String directive = directive(i);
    if (!missing.isEmpty()) {
      return new CaseReport(file, line, directive, Outcome.UNSUPPORTED, Support.notDeclared(missing, target.runtime()));
    }
    Expectations.Entry entry = expectations.lookup(file, line, mode);
    if (entry != null && entry.kind() == Expectations.Kind.SKIP) {
      WastDirective d = script == null ? null : script.directives().get(i);
      if (d != null) {
        noteSkipped(d, entry.key());
      }
      return new CaseReport(file, line, directive, Outcome.SKIPPED, entry.reason());
    }
    Failure failure;
    String skipped = null;
    if (script == null) {
      failure = Failure.of("does not read: " + readError.getMessage());
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
          : new CaseReport(file, line, directive, Outcome.EXPECTED_FAILURE, entry.reason() + " [" + failure.message() + "]");
    }
    if (failure == null) {
      return new CaseReport(file, line, directive, Outcome.PASSED, null);
    }
    return new CaseReport(file, line, directive, failure.unsupported() ? Outcome.UNSUPPORTED : Outcome.FAILED,
        failure.message());
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
  private Failure execute(WastDirective d) {
    try {
      return timed(() -> directive(d));
    } catch (RuntimeFailure e) {
      return Failure.of("internal error: ", e);
    } catch (RuntimeException e) {
      return Failure.of("internal error: " + e);
    }
  }

  private interface Step {
    Failure run();
  }

  private Failure timed(Step step) {
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
    Future<Failure> f = executor.submit(step::run);
    try {
      return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      executor.shutdownNow();
      executor = null;
      return Failure.of("timed out after " + timeout.toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Failure.of("interrupted");
    } catch (ExecutionException e) {
      return e.getCause() instanceof RuntimeFailure rf ? Failure.of("internal error: ", rf)
          : Failure.of("internal error: " + e.getCause());
    }
  }

  private Failure directive(WastDirective d) {
    return switch (d) {
      case WastDirective.Module m -> defineModule(m.module());
      case WastDirective.ModuleInstance mi -> instantiateDefinition(mi);
      case WastDirective.Register r -> {
        if (!hasModule(r.moduleId())) {
          Failed failed = failedModules.get(r.moduleId() == null ? "" : r.moduleId());
          if (failed != null && failed.unsupported()) {
            yield unsupportedModule(failed);
          }
          yield Failure.of("no module " + (r.moduleId() == null ? "defined" : "$" + r.moduleId()) + " to register");
        }
        yield target.executes()
            ? Failure.of("`register` is not supported: the runtime SPI does not link script instances") : null;
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
      case WastDirective.Unreadable u -> Failure.of("does not read: " + u.error().getMessage());
    };
  }

  /** Why a case acting on a module that was unsupported is unsupported too. */
  private Failure unsupportedModule(Failed failed) {
    return new Failure("acts on the module of line " + failed.line() + ", which " + target.runtime()
        + " does not support", true);
  }

  /** Assembles a module form; the exception says why it does not. */
  private byte[] assemble(WastModule m) {
    return ComponentWat.assemble(m, file, options);
  }

  private Wasm wasm(WastModule m, byte[] bytes) {
    return Wasm.of(file + ":" + m.pos().line(), bytes);
  }

  private Failure defineModule(WastModule m) {
    Failure failure = defineModule0(m);
    if (failure != null) {
      Failed failed = new Failed(m.pos().line(), failure.unsupported());
      failedModules.put(m.id() == null ? "" : m.id(), failed);
      if (!m.definition()) {
        failedModules.put("", failed);
        haveCurrent = false;
        replaceCurrent(null);
      }
    } else if (!m.definition()) {
      failedModules.remove("");
    }
    return failure;
  }

  /** A module assembled and loaded, or why it was not. */
  private record Load(Loaded loaded, Failure failure) {}

  private Load assembleAndLoad(WastModule m) {
    byte[] bytes;
    try {
      bytes = assemble(m);
    } catch (TextException e) {
      return new Load(null, Failure.of("does not assemble: " + e.getMessage()));
    }
    try {
      return new Load(target.load(wasm(m, bytes), run), null);
    } catch (RuntimeFailure e) {
      return new Load(null, Failure.of("rejected: ", e));
    }
  }

  private Failure defineModule0(WastModule m) {
    Load load = assembleAndLoad(m);
    if (load.failure() != null) {
      return load.failure();
    }
    Loaded loaded = load.loaded();
    if (m.definition()) {
      if (m.id() != null) {
        definitions.put(m.id(), loaded);
        knownModules.add(m.id());
      }
      return null;
    }
    Slot slot = new Slot(loaded, m.pos().line());
    if (eager()) {
      RuntimeFailure e = slot.instantiate();
      if (e != null) {
        slots.remove(slot);
        replaceCurrent(null);
        haveCurrent = false;
        return Failure.of("instantiation failed: ", e);
      }
    }
    replaceCurrent(slot);
    haveCurrent = true;
    if (m.id() != null) {
      slot.named = true;
      instances.put(m.id(), slot);
      knownModules.add(m.id());
    }
    return null;
  }

  /** True if module forms are instantiated where they are defined. */
  private boolean eager() {
    return target.executes() && semantics == WastSemantics.INSTANTIATE;
  }

  private Failure instantiateDefinition(WastDirective.ModuleInstance mi) {
    Loaded def = definitions.get(mi.definitionId());
    if (def == null) {
      Failed failed = failedModules.get(mi.definitionId());
      Failed now = failed == null ? new Failed(0, false) : failed;
      failedModules.put("", now);
      if (mi.instanceId() != null) {
        failedModules.put(mi.instanceId(), now);
      }
      haveCurrent = false;
      replaceCurrent(null);
      if (failed != null && failed.unsupported()) {
        return unsupportedModule(failed);
      }
      return Failure.of(failed != null
          ? "not instantiated: the definition $" + mi.definitionId() + " (line " + failed.line() + ") failed"
          : "unknown definition $" + mi.definitionId());
    }
    Slot slot = new Slot(def, mi.pos().line());
    if (eager()) {
      RuntimeFailure e = slot.instantiate();
      if (e != null) {
        slots.remove(slot);
        haveCurrent = false;
        replaceCurrent(null);
        Failed failed = new Failed(mi.pos().line(), Support.unsupported(e));
        failedModules.put("", failed);
        if (mi.instanceId() != null) {
          failedModules.put(mi.instanceId(), failed);
        }
        return Failure.of("instantiation failed: ", e);
      }
    }
    replaceCurrent(slot);
    if (mi.instanceId() != null) {
      slot.named = true;
      instances.put(mi.instanceId(), slot);
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

  private record Called<T>(T value, Failure failure, RuntimeFailure error) {}

  private Called<List<Val>> invoke(WastAction a) {
    if (!hasModule(a.moduleId())) {
      Failed failed = failedModules.get(a.moduleId() == null ? "" : a.moduleId());
      if (failed != null && failed.unsupported()) {
        return new Called<>(null, unsupportedModule(failed), null);
      }
      if (failed != null && failed.line() > 0) {
        return new Called<>(null, Failure.of("not run: the module it acts on (line " + failed.line() + ") failed"), null);
      }
      return new Called<>(null, Failure.of("no module instance " + (a.moduleId() == null ? "defined" : "$" + a.moduleId())
          + " to run `" + a.name() + "` on"), null);
    }
    if (!target.executes()) {
      return new Called<>(null, null, null);
    }
    if (!target.features().contains(Feature.INVOKE)) {
      return new Called<>(null, new Failure(Support.notDeclared(Set.of(Feature.INVOKE), target.runtime()), true), null);
    }
    Slot slot = a.moduleId() == null ? current : instances.get(a.moduleId());
    if (slot == null) {
      return new Called<>(null, Failure.of("no instance " + (a.moduleId() == null ? "" : "$" + a.moduleId())
          + " (its instantiation failed)"), null);
    }
    RuntimeFailure notInstantiated = slot.instantiate();
    if (notInstantiated != null) {
      return new Called<>(null, Failure.of("not run: the module it acts on (line " + slot.line
          + ") does not instantiate: ", notInstantiated), null);
    }
    if (a instanceof WastAction.Get) {
      return new Called<>(null, Failure.of("`get` is not supported: the runtime SPI reads no exported globals or values"), null);
    }
    WastAction.Invoke inv = (WastAction.Invoke) a;
    try {
      return new Called<>(slot.instance.invoke(inv.name(), inv.args()), null, null);
    } catch (RuntimeFailure e) {
      return new Called<>(null, Failure.of("`" + inv.name() + "` failed: ", e), e);
    }
  }

  private Failure assertReturn(WastDirective.AssertReturn a) {
    Called<List<Val>> r = invoke(a.action());
    if (r.failure != null || !target.executes()) {
      return r.failure;
    }
    List<Val> got = r.value;
    List<WastExpected> want = a.expected();
    if (got.size() != want.size()) {
      return Failure.of("expected " + want.size() + " result(s) " + want + ", got " + got);
    }
    for (int k = 0; k < want.size(); k++) {
      if (!want.get(k).matches(got.get(k))) {
        return Failure.of("result " + k + ": expected " + want.get(k) + ", got " + got.get(k));
      }
    }
    return null;
  }

  private Failure assertActionFails(WastAction a, RuntimeFailure.Kind kind, String message) {
    Called<List<Val>> r = invoke(a);
    if (!target.executes()) {
      return r.failure;
    }
    if (r.error != null) {
      return r.error.kind() == kind ? null
          : Failure.of("expected " + kind.name().toLowerCase() + " \"" + message + "\", got ", r.error);
    }
    if (r.failure != null) {
      return r.failure;
    }
    return Failure.of("expected " + kind.name().toLowerCase() + " \"" + message + "\", but it returned " + r.value);
  }

  private Failure assertInstantiationFails(WastModule m, RuntimeFailure.Kind kind, String message) {
    Load load = assembleAndLoad(m);
    if (load.failure() != null) {
      return load.failure();
    }
    Loaded loaded = load.loaded();
    if (!target.executes()) {
      return null;
    }
    try {
      target.instantiate(loaded).close();
    } catch (RuntimeFailure e) {
      return e.kind() == kind ? null
          : Failure.of("expected " + kind.name().toLowerCase() + " \"" + message + "\", got ", e);
    }
    return Failure.of("instantiated, but the script expects " + kind.name().toLowerCase() + " \"" + message + "\"");
  }

  private Failure assertInvalid(WastDirective.AssertInvalid a) {
    byte[] bytes;
    try {
      bytes = assemble(a.module());
    } catch (TextException e) {
      return Failure.of("does not assemble (the module is well-formed, only invalid): " + e.getMessage());
    }
    try {
      target.load(wasm(a.module(), bytes), run).close();
    } catch (RuntimeFailure e) {
      if (!target.validates()) {
        return Failure.of("does not decode (the module is well-formed, only invalid): " + e);
      }
      return e.kind() == RuntimeFailure.Kind.INVALID || e.kind() == RuntimeFailure.Kind.MALFORMED ? null
          : Failure.of("expected invalid \"" + a.message() + "\", got ", e);
    }
    return target.validates() ? Failure.of("validated, but the script expects invalid \"" + a.message() + "\"") : null;
  }

  private Failure assertMalformed(WastDirective.AssertMalformed a) {
    byte[] bytes;
    try {
      bytes = assemble(a.module());
    } catch (TextException e) {
      return null;
    }
    if (!(a.module() instanceof WastModule.Binary)) {
      return Failure.of("assembled, but the script expects a text error \"" + a.message() + "\"");
    }
    try {
      target.load(wasm(a.module(), bytes), run).close();
    } catch (RuntimeFailure e) {
      return e.kind() == RuntimeFailure.Kind.MALFORMED || e.kind() == RuntimeFailure.Kind.INVALID ? null
          : Failure.of("expected malformed \"" + a.message() + "\", got ", e);
    }
    return Failure.of("decoded, but the script expects malformed \"" + a.message() + "\"");
  }

  @Override
  public void close() {
    for (Slot s : slots) {
      s.close();
    }
    if (executor != null) {
      executor.shutdownNow();
    }
  }
}

package dev.trellis.fuzz;

import dev.trellis.harness.spi.Runtime;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.Shrinkable;
import net.jqwik.api.sessions.JqwikSession;

/**
 * A differential campaign: case after case from a seed, each run on every runtime; a
 * disagreement that is not a {@link KnownDisagreements known} one is shrunk (jqwik's shrinking
 * steps, greedily, re-running only the runtimes involved) and written as a regression script.
 * Case {@code i} of seed {@code S} is generated from {@code new Random(S + i)}, so
 * {@code --seed S+i --tries 1} regenerates it alone.
 */
public final class Campaign {

  /**
   * @param seed the first case's seed
   * @param corrupt whether half the cases corrupt their result (see {@link Corruption})
   * @param tries how many cases at most (0: no limit)
   * @param duration how long at most (null: no limit)
   * @param regressions where to write regression scripts (null: nowhere)
   * @param shrinkBudget how many shrinking candidates to run at most per failure
   * @param origin how to say where a regression came from (e.g. the command line)
   */
  public record Config(long seed, int tries, Duration duration, TypeBounds bounds, int maxParams, int maxCalls,
      AbiArbitraries.ValueBounds values, boolean corrupt, Path regressions, int shrinkBudget, String origin) {

    /** The defaults of {@code trellis fuzz abi}: component-valid types, up to 4 parameters, 3 calls each. */
    public static Config defaults(long seed, int tries, Duration duration) {
      return new Config(seed, tries, duration, TypeBounds.component(), 4, 3, AbiArbitraries.ValueBounds.SMALL, true,
          null, 300, "trellis fuzz abi");
    }

    public Config withRegressions(Path dir) {
      return new Config(seed, tries, duration, bounds, maxParams, maxCalls, values, corrupt, dir, shrinkBudget,
          origin);
    }

    public Config withOrigin(String o) {
      return new Config(seed, tries, duration, bounds, maxParams, maxCalls, values, corrupt, regressions,
          shrinkBudget, o);
    }
  }

  /** A new disagreement, shrunk. {@code regression} is null when none was written. */
  public record Failure(long caseSeed, Differential.Outcome original, Differential.Outcome shrunk, int shrinkSteps,
      int shrinkRuns, Path regression) {}

  /** What a campaign did. */
  public record Summary(int cases, int agreed, int known, int repeated, List<Failure> failures,
      Map<String, Long> nanosByRuntime, Map<String, Integer> knownByExplanation, Duration elapsed, int calls,
      int corrupted, int trapping) {
    public boolean passed() {
      return failures.isEmpty() && repeated == 0;
    }
  }

  /** Progress reports. */
  public interface Listener {
    /** After each case. */
    default void caseDone(int cases, Summary soFar) {}

    /** A new disagreement was found (before shrinking). */
    default void found(long caseSeed, Differential.Outcome outcome) {}

    /** A disagreement was shrunk (and written). */
    default void shrunk(Failure f) {}
  }

  private final Config config;
  private final List<Runtime> runtimes;
  private final Listener listener;

  public Campaign(Config config, List<Runtime> runtimes, Listener listener) {
    this.config = config;
    this.runtimes = List.copyOf(runtimes);
    this.listener = listener;
  }

  /** Runs the campaign. */
  public Summary run() {
    if (JqwikSession.isActive()) {
      return loop();
    }
    Summary[] out = new Summary[1];
    JqwikSession.run(() -> out[0] = loop());
    return out[0];
  }

  /** The arbitrary cases are drawn from. */
  public Arbitrary<EchoCase> cases() {
    return AbiArbitraries.echoCases(config.bounds(), config.maxParams(), config.maxCalls(), config.values(),
        config.corrupt());
  }

  private Summary loop() {
    RandomGenerator<EchoCase> gen = cases().generator(1000);
    long start = System.nanoTime();
    long deadline = config.duration() == null ? Long.MAX_VALUE : start + config.duration().toNanos();
    int cases = 0;
    int agreed = 0;
    int known = 0;
    int repeated = 0;
    List<Failure> failures = new ArrayList<>();
    Map<String, Long> nanos = new LinkedHashMap<>();
    Map<String, Integer> knownBy = new LinkedHashMap<>();
    Set<Set<String>> seen = new HashSet<>();
    int calls = 0;
    int corrupted = 0;
    int trapping = 0;
    while ((config.tries() <= 0 || cases < config.tries()) && System.nanoTime() < deadline) {
      long caseSeed = config.seed() + cases;
      Shrinkable<EchoCase> s = gen.next(new Random(caseSeed));
      Differential.Outcome o = Differential.run(s.value(), runtimes);
      o.nanosByRuntime().forEach((k, v) -> nanos.merge(k, v, Long::sum));
      cases++;
      calls += s.value().calls().size();
      if (s.value().corruption() != null) {
        corrupted++;
        for (List<dev.trellis.engine.runtime.Val> args : s.value().calls()) {
          trapping += s.value().expectation(args).trap() ? 1 : 0;
        }
      }
      List<Differential.Problem> unknown = unknownProblems(o);
      if (o.agreed()) {
        agreed++;
      } else if (unknown.isEmpty()) {
        known++;
        for (Differential.Problem p : o.problems()) {
          KnownDisagreements.explain(o.echoCase(), p).ifPresent(e -> knownBy.merge(e, 1, Integer::sum));
        }
      } else {
        Set<String> sig = signatures(unknown);
        if (!seen.add(sig)) {
          repeated++;
        } else {
          listener.found(caseSeed, o);
          failures.add(shrink(caseSeed, s, o, sig));
          listener.shrunk(failures.getLast());
        }
      }
      listener.caseDone(cases, new Summary(cases, agreed, known, repeated, List.copyOf(failures), Map.copyOf(nanos),
          Map.copyOf(knownBy), Duration.ofNanos(System.nanoTime() - start), calls, corrupted, trapping));
    }
    return new Summary(cases, agreed, known, repeated, failures, nanos, knownBy,
        Duration.ofNanos(System.nanoTime() - start), calls, corrupted, trapping);
  }

  static List<Differential.Problem> unknownProblems(Differential.Outcome o) {
    List<Differential.Problem> out = new ArrayList<>();
    for (Differential.Problem p : o.problems()) {
      if (KnownDisagreements.explain(o.echoCase(), p).isEmpty()) {
        out.add(p);
      }
    }
    return out;
  }

  static Set<String> signatures(List<Differential.Problem> ps) {
    Set<String> out = new TreeSet<>();
    for (Differential.Problem p : ps) {
      out.add(p.signature());
    }
    return out;
  }

  /**
   * Greedy shrinking: take the first of jqwik's shrinking candidates that still shows the same
   * unknown problems (same runtimes, stages and kinds), until none does or the budget is spent.
   */
  private Failure shrink(long caseSeed, Shrinkable<EchoCase> start, Differential.Outcome original, Set<String> sig) {
    Set<String> involved = new HashSet<>();
    for (String s : sig) {
      involved.add(s.substring(0, s.indexOf(' ')));
    }
    List<Runtime> rts = runtimes.stream().filter(r -> involved.contains(r.id())).toList();
    Shrinkable<EchoCase> current = start;
    Differential.Outcome best = original;
    int steps = 0;
    int runs = 0;
    boolean progress = true;
    while (progress && runs < config.shrinkBudget()) {
      progress = false;
      List<Shrinkable<EchoCase>> candidates = current.shrink().limit(config.shrinkBudget() - runs).toList();
      for (Shrinkable<EchoCase> cand : candidates) {
        if (runs >= config.shrinkBudget()) {
          break;
        }
        runs++;
        Differential.Outcome o;
        try {
          o = Differential.run(cand.value(), rts);
        } catch (RuntimeException e) {
          continue; // a candidate the generator cannot express (none expected)
        }
        if (signatures(unknownProblems(o)).equals(sig)) {
          current = cand;
          best = o;
          steps++;
          progress = true;
          break;
        }
      }
    }
    // jqwik cannot drop a parameter the corruption does not sit in (the site would move): do it here
    boolean dropped = true;
    while (dropped && best.echoCase().params().size() > 1 && runs < config.shrinkBudget() + 20) {
      dropped = false;
      for (int j = 0; j < best.echoCase().params().size(); j++) {
        EchoCase cand = withoutParam(best.echoCase(), j);
        if (cand == null) {
          continue;
        }
        runs++;
        Differential.Outcome o = Differential.run(cand, rts);
        if (signatures(unknownProblems(o)).equals(sig)) {
          best = o;
          steps++;
          dropped = true;
          break;
        }
      }
    }
    if (rts.size() < runtimes.size()) {
      best = Differential.run(best.echoCase(), runtimes); // the final case's outcome everywhere
    }
    Path file = null;
    if (config.regressions() != null) {
      try {
        file = Regressions.write(config.regressions(), best,
            "Found by `" + config.origin() + "` (case seed " + caseSeed + "), shrunk in " + steps + " steps.");
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return new Failure(caseSeed, original, best, steps, runs, file);
  }

  /**
   * {@code c} without parameter {@code j} (and its arguments), its corruption moved to the same
   * place in the new result; null when the corruption sits in that parameter.
   */
  static EchoCase withoutParam(EchoCase c, int j) {
    List<dev.trellis.engine.types.ValType> ps = new ArrayList<>(c.params());
    ps.remove(j);
    List<List<dev.trellis.engine.runtime.Val>> calls = new ArrayList<>();
    for (List<dev.trellis.engine.runtime.Val> args : c.calls()) {
      List<dev.trellis.engine.runtime.Val> a = new ArrayList<>(args);
      a.remove(j);
      calls.add(a);
    }
    Corruption k = c.corruption();
    if (k == null) {
      return new EchoCase(ps, c.outerEncoding(), c.echoEncoding(), calls, null);
    }
    List<String> path = Corruption.sites(c.result(), c.resultInMemory()).get(k.site()).path();
    int owner = c.params().size() == 1 ? 0 : Integer.parseInt(path.getFirst().substring(1));
    if (owner == j) {
      return null;
    }
    List<String> rest = c.params().size() == 1 ? path : path.subList(1, path.size());
    List<String> moved = new ArrayList<>();
    if (ps.size() > 1) {
      moved.add("f" + (owner > j ? owner - 1 : owner));
    }
    moved.addAll(rest);
    EchoCase shape = new EchoCase(ps, c.outerEncoding(), c.echoEncoding(), calls);
    Corruption.Site old = Corruption.sites(c.result(), c.resultInMemory()).get(k.site());
    List<Corruption.Site> sites = Corruption.sites(shape.result(), shape.resultInMemory());
    for (int i = 0; i < sites.size(); i++) {
      Corruption.Site s = sites.get(i);
      if (s.path().equals(moved) && s.getClass() == old.getClass() && Corruption.kinds(s).contains(k.kind())) {
        return new EchoCase(ps, c.outerEncoding(), c.echoEncoding(), calls,
            new Corruption(k.outer(), i, k.kind(), k.param()));
      }
    }
    return null;
  }

  /** The runtimes of this campaign. */
  public List<Runtime> runtimes() {
    return runtimes;
  }
}

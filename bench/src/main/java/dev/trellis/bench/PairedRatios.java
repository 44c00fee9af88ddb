package dev.trellis.bench;

import dev.trellis.engine.core.CoreBackend;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Component/core ratios measured in pairs, for machines whose load drifts (a shared CI box):
 * in one JVM, short batches of the component call and of the core call alternate, and the
 * ratio of each adjacent pair is taken; the median of those ratios is reported. Drift between
 * JMH's sequential forks cannot skew it, though absolute times still can.
 */
public final class PairedRatios {
  private PairedRatios() {}

  private static volatile Object sink;

  static double batch(Supplier<Object> op, int n) {
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      sink = op.get();
    }
    return (System.nanoTime() - t0) / (double) n;
  }

  /** Median of per-round component/core ratios, and the median times, as {ratio, componentNs, coreNs}. */
  static double[] pair(Supplier<Object> component, Supplier<Object> core, int n, int rounds) {
    Rounds r = rounds(component, core, n, rounds, 0);
    return new double[] {median(r.ratios()), median(r.a()), median(r.b())};
  }

  /** Per-round times of {@code a} and {@code b} (ns per call) and their ratios. */
  record Rounds(double[] a, double[] b, double[] ratios) {}

  /**
   * Alternating batches of {@code n} calls of {@code a} and {@code b}: five warm-up rounds (and
   * more until {@code warmupNanos} have passed), then {@code rounds} measured ones.
   */
  static Rounds rounds(Supplier<Object> a, Supplier<Object> b, int n, int rounds, long warmupNanos) {
    long until = System.nanoTime() + warmupNanos;
    for (int i = 0; i < 5 || System.nanoTime() < until; i++) { // warm-up: let both reach compiled code
      batch(a, n);
      batch(b, n);
    }
    double[] ratios = new double[rounds];
    double[] ta = new double[rounds];
    double[] tb = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      ta[r] = batch(a, n);
      tb[r] = batch(b, n);
      ratios[r] = ta[r] / tb[r];
    }
    return new Rounds(ta, tb, ratios);
  }

  static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  /** Prints the four pairs for each backend. */
  public static String run(int rounds) {
    StringBuilder sb = new StringBuilder("\ncomponent/core, paired (median of " + rounds + " alternating rounds)\n");
    for (CoreBackend b : CoreBackend.values()) {
      CallWorkloads w = new CallWorkloads(b);
      int n = b == CoreBackend.COMPILER ? 20_000 : 2_000;
      line(sb, b, "hostToGuestNop", pair(() -> {
        w.componentNop();
        return null;
      }, () -> {
        w.coreNop();
        return null;
      }, n * 10, rounds));
      line(sb, b, "hostToGuestEcho", pair(w::componentEcho, w::coreEcho, n, rounds));
      line(sb, b, "guestToHostNop", pair(() -> {
        w.componentCallsHostNop();
        return null;
      }, () -> {
        w.coreCallsHostNop();
        return null;
      }, n * 10, rounds));
      line(sb, b, "guestToHostEcho", pair(w::componentCallsHostEcho, w::coreCallsHostEcho, n, rounds));
    }
    return sb.toString();
  }

  private static void line(StringBuilder sb, CoreBackend b, String call, double[] r) {
    sb.append(String.format("%-12s %-16s component %10.1f  core %10.1f  ratio %5.2fx%n", b, call, r[1], r[2], r[0]));
  }

  public static void main(String[] args) {
    System.out.println(run(args.length > 0 ? Integer.parseInt(args[0]) : 31));
  }
}

package dev.trellis.reports;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap of the ratio of two medians: resample each side with replacement,
 * take the ratio of the resampled medians, and read the interval off the distribution of
 * those ratios. Deterministic for a given seed.
 */
final class Bootstrap {
  private Bootstrap() {}

  /** A point estimate with a confidence interval. */
  record Interval(double estimate, double low, double high) {}

  /**
   * The ratio {@code median(current) / median(baseline)} with its {@code confidence} (e.g.
   * 0.95) percentile-bootstrap interval from {@code resamples} resamples.
   */
  static Interval ratioOfMedians(double[] baseline, double[] current, int resamples, double confidence, long seed) {
    double mb = median(baseline.clone());
    double mc = median(current.clone());
    baseline = thin(baseline);
    current = thin(current);
    double estimate = mc / mb;
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] ratios = new double[resamples];
    double[] sb = new double[baseline.length];
    double[] sc = new double[current.length];
    for (int i = 0; i < resamples; i++) {
      resample(baseline, sb, rnd);
      resample(current, sc, rnd);
      ratios[i] = median(sc) / median(sb);
    }
    Arrays.sort(ratios);
    double alpha = (1 - confidence) / 2;
    return new Interval(estimate, quantile(ratios, alpha), quantile(ratios, 1 - alpha));
  }

  /** The {@code confidence} percentile-bootstrap interval of the median of {@code xs}. */
  static Interval median(double[] xs, int resamples, double confidence, long seed) {
    double m = median(xs.clone());
    if (xs.length < 2) {
      return new Interval(m, m, m);
    }
    xs = thin(xs);
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] meds = new double[resamples];
    double[] s = new double[xs.length];
    for (int i = 0; i < resamples; i++) {
      resample(xs, s, rnd);
      meds[i] = median(s);
    }
    Arrays.sort(meds);
    double alpha = (1 - confidence) / 2;
    return new Interval(m, quantile(meds, alpha), quantile(meds, 1 - alpha));
  }

  /** Most samples a bootstrap resamples (per side); larger sets are thinned. */
  static final int MAX_SAMPLES = 2000;

  /**
   * Over {@link #MAX_SAMPLES} samples (e.g. one latency per request), keeps evenly spaced
   * order statistics: the same distribution, fewer points. The interval gets wider than the
   * full set's would be, never narrower, so it can only make a flag less likely.
   */
  static double[] thin(double[] xs) {
    if (xs.length <= MAX_SAMPLES) {
      return xs;
    }
    double[] sorted = xs.clone();
    Arrays.sort(sorted);
    double[] out = new double[MAX_SAMPLES];
    for (int i = 0; i < MAX_SAMPLES; i++) {
      out[i] = sorted[(int) ((i + 0.5) * sorted.length / MAX_SAMPLES)];
    }
    return out;
  }

  private static void resample(double[] from, double[] into, SplittableRandom rnd) {
    for (int i = 0; i < into.length; i++) {
      into[i] = from[rnd.nextInt(from.length)];
    }
  }

  private static double quantile(double[] sorted, double q) {
    double h = (sorted.length - 1) * q;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }

  /** The median of {@code a}, reordering it (quickselect, expected linear time). */
  static double median(double[] a) {
    int n = a.length;
    if (n % 2 == 1) {
      return select(a, n / 2);
    }
    double hi = select(a, n / 2);
    double lo = a[0];
    for (int i = 1; i < n / 2; i++) {
      lo = Math.max(lo, a[i]);
    }
    return (lo + hi) / 2;
  }

  /** Puts the k-th smallest at index k, smaller ones before it, and returns it. */
  private static double select(double[] a, int k) {
    int left = 0;
    int right = a.length - 1;
    while (left < right) {
      double pivot = a[(left + right) >>> 1];
      int i = left;
      int j = right;
      while (i <= j) {
        while (a[i] < pivot) {
          i++;
        }
        while (a[j] > pivot) {
          j--;
        }
        if (i <= j) {
          double t = a[i];
          a[i] = a[j];
          a[j] = t;
          i++;
          j--;
        }
      }
      if (k <= j) {
        right = j;
      } else if (k >= i) {
        left = i;
      } else {
        break;
      }
    }
    return a[k];
  }
}

package dev.trellis.harness.results;

import java.util.Arrays;
import java.util.List;

/**
 * Summary statistics of a measurement's samples (what Sightglass calls the summary). Quantiles
 * use linear interpolation between order statistics (Hyndman–Fan type 7).
 */
public record Summary(int n, double min, double p25, double median, double p75, double p90,
    double p99, double max, double mean, double stddev) {

  public static Summary of(List<Double> samples) {
    double[] v = new double[samples.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = samples.get(i);
    }
    return of(v);
  }

  public static Summary of(double[] samples) {
    if (samples.length == 0) {
      throw new IllegalArgumentException("no samples");
    }
    double[] s = samples.clone();
    Arrays.sort(s);
    double sum = 0;
    for (double x : s) {
      sum += x;
    }
    double mean = sum / s.length;
    double ss = 0;
    for (double x : s) {
      ss += (x - mean) * (x - mean);
    }
    double sd = s.length > 1 ? Math.sqrt(ss / (s.length - 1)) : 0;
    return new Summary(s.length, s[0], quantileSorted(s, 0.25), quantileSorted(s, 0.5),
        quantileSorted(s, 0.75), quantileSorted(s, 0.90), quantileSorted(s, 0.99), s[s.length - 1],
        mean, sd);
  }

  /** The {@code q}-quantile (0..1) of already sorted values. */
  public static double quantileSorted(double[] sorted, double q) {
    if (sorted.length == 1) {
      return sorted[0];
    }
    double h = (sorted.length - 1) * q;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }
}

package io.podster.recording;

import java.util.Arrays;
import java.util.List;

/**
 * A lossless track's rate against the server's clock, from the recorder's marks: each pairs the
 * samples captured with the server time a block reached the page, which is their capture plus a
 * delay that is never negative and, on a busy page, often tens or hundreds of milliseconds. So the
 * marks lie on or above the true line of time against samples, and the line is the one under them
 * all that hugs them closest (the smallest total gap: an edge of their lower convex hull). A
 * least-squares slope through the delays themselves read −9,400…+7,500 ppm on 12 s takes in
 * Chromium, whose microphone runs on the system clock.
 */
final class Drift {
  /** Below this span the slope is mostly the marks' own timing noise: no figure rather than a wrong one. */
  static final double MIN_SPAN_MS = 5_000;

  private Drift() {}

  /** One mark: {@code samples} captured by server time {@code atMs}. */
  record Mark(double atMs, long samples) {}

  /** Parts per million the track runs fast (positive) or slow; null with too few marks or too short a span. */
  static Double ppm(List<Mark> marks, int sampleRate) {
    int n = marks.size();
    if (n < 3 || sampleRate <= 0) {
      return null;
    }
    double t0 = marks.get(0).atMs();
    long s0 = marks.get(0).samples();
    if (marks.get(n - 1).atMs() - t0 < MIN_SPAN_MS) {
      return null;
    }
    // Relative to the first mark: epoch milliseconds would lose the digits that matter.
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = marks.get(i).samples() - s0;
      y[i] = marks.get(i).atMs() - t0;
    }
    int[] hull = lowerHull(x, y);
    double bestGap = Double.POSITIVE_INFINITY;
    double msPerSample = Double.NaN;
    for (int h = 0; h + 1 < hull.length; h++) {
      int a = hull[h];
      int b = hull[h + 1];
      double slope = (y[b] - y[a]) / (x[b] - x[a]);
      double gap = 0;
      for (int i = 0; i < n; i++) {
        gap += y[i] - (y[a] + slope * (x[i] - x[a]));
      }
      if (gap < bestGap) {
        bestGap = gap;
        msPerSample = slope;
      }
    }
    if (!(msPerSample > 0)) {
      return null;
    }
    double ppm = (1000 / msPerSample / sampleRate - 1) * 1e6;
    return Math.round(ppm * 10) / 10.0;
  }

  /** Indices of the lower convex hull of the points, left to right (samples never go down). */
  private static int[] lowerHull(double[] x, double[] y) {
    int[] hull = new int[x.length];
    int size = 0;
    for (int i = 0; i < x.length; i++) {
      if (size > 0 && x[i] == x[hull[size - 1]]) {
        // The same count marked twice: the earlier time is the one nearer the capture.
        if (y[i] >= y[hull[size - 1]]) {
          continue;
        }
        size--;
      }
      while (size >= 2 && cross(x, y, hull[size - 2], hull[size - 1], i) <= 0) {
        size--;
      }
      hull[size++] = i;
    }
    return Arrays.copyOf(hull, size);
  }

  /** Positive when a → b → c turns left (c above the line through a and b). */
  private static double cross(double[] x, double[] y, int a, int b, int c) {
    return (x[b] - x[a]) * (y[c] - y[a]) - (y[b] - y[a]) * (x[c] - x[a]);
  }
}

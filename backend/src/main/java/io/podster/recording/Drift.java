package io.podster.recording;

import java.util.List;

/**
 * A lossless track's rate against the server's clock: the least-squares slope of samples captured
 * against server time over the recorder's marks, compared with its nominal rate. A slope, not the
 * first and last marks alone, so one late mark (a busy page) moves it little.
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
    // Centred sums: epoch milliseconds squared would lose the digits that matter.
    double mt = 0, ms = 0;
    for (Mark m : marks) {
      mt += (m.atMs() - t0) / n;
      ms += (double) (m.samples() - s0) / n;
    }
    double stt = 0, sts = 0;
    for (Mark m : marks) {
      double dt = m.atMs() - t0 - mt;
      stt += dt * dt;
      sts += dt * (m.samples() - s0 - ms);
    }
    double samplesPerSecond = sts / stt * 1000;
    double ppm = (samplesPerSecond / sampleRate - 1) * 1e6;
    return Math.round(ppm * 10) / 10.0;
  }
}

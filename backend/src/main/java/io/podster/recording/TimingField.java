package io.podster.recording;

import io.podster.domain.Invalid;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The optional {@code timing} object sent with complete: when the recorder's first sample was
 * captured on the server's clock, the clock estimate behind it, and for lossless audio its rate,
 * sample count and marks (samples captured by server time). Sent at complete rather than create
 * because a create may reach the server long after the recorder started (a refused or retried
 * request, a resume after reload), and the first complete fixes it for good.
 */
final class TimingField {
  /** A recorder starts at the take's synced instant; a clock estimate this far early is still believable. */
  static final long EARLY_SLACK_MS = 60_000;
  static final double MAX_CLOCK_OFFSET_MS = 366.0 * 24 * 60 * 60 * 1000;
  static final double MAX_UNCERTAINTY_MS = 60_000;
  static final int MIN_RATE = 8_000;
  static final int MAX_RATE = 384_000;
  /** A mark every few seconds: ten thousand cover a day at 10 s, and stay far under the body limit. */
  static final int MAX_MARKS = 10_000;
  private static final long DAY_MS = 24L * 60 * 60 * 1000;

  private TimingField() {}

  /** Null when the body carries no timing. {@code now} bounds the first sample: it cannot be in the future. */
  static TrackTiming read(JsonObject body, String kind, Take take, long now) {
    Object v = body.getValue("timing");
    if (v == null) {
      return null;
    }
    if (!(v instanceof JsonObject t)) {
      throw invalid("'timing' must be an object.");
    }
    double first = number(t, "firstSampleAt", take.startedAt() - EARLY_SLACK_MS, now + EARLY_SLACK_MS);
    double clockOffset = number(t, "clockOffsetMs", -MAX_CLOCK_OFFSET_MS, MAX_CLOCK_OFFSET_MS);
    double uncertainty = number(t, "clockUncertaintyMs", 0, MAX_UNCERTAINTY_MS);
    long offsetMs = Math.round(first - take.startedAt());
    if (!Recording.AUDIO.equals(kind)) {
      if (t.containsKey("sampleRate") || t.containsKey("samples") || t.containsKey("marks")) {
        throw invalid("'sampleRate', 'samples' and 'marks' are for audio tracks only.");
      }
      return new TrackTiming(offsetMs, clockOffset, uncertainty, null, null, null);
    }
    if (!t.containsKey("sampleRate")) {
      return new TrackTiming(offsetMs, clockOffset, uncertainty, null, null, null);
    }
    int rate = (int) whole(t, "sampleRate", MIN_RATE, MAX_RATE);
    long samples = whole(t, "samples", 0, rate * (DAY_MS / 1000));
    List<Drift.Mark> marks = marks(t.getValue("marks"), first, now, samples);
    return new TrackTiming(offsetMs, clockOffset, uncertainty, rate, samples, Drift.ppm(marks, rate));
  }

  private static List<Drift.Mark> marks(Object v, double first, long now, long samples) {
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof JsonArray a) || a.size() > MAX_MARKS) {
      throw invalid("'marks' must be an array of at most " + MAX_MARKS + " [serverTimeMs, samples] pairs.");
    }
    List<Drift.Mark> out = new ArrayList<>(a.size());
    Drift.Mark last = null;
    for (Object o : a) {
      if (!(o instanceof JsonArray pair) || pair.size() != 2
          || !(pair.getValue(0) instanceof Number at) || !(pair.getValue(1) instanceof Number n)) {
        throw invalid("Each mark must be a [serverTimeMs, samples] pair of numbers.");
      }
      double atMs = at.doubleValue();
      double count = n.doubleValue();
      if (!Double.isFinite(atMs) || atMs < first - EARLY_SLACK_MS || atMs > now + EARLY_SLACK_MS
          || count != Math.floor(count) || count < 0 || count > samples
          || (last != null && (atMs < last.atMs() || count < last.samples()))) {
        throw invalid("Marks must lie within the take, count at most 'samples', and never go back in time or count.");
      }
      last = new Drift.Mark(atMs, (long) count);
      out.add(last);
    }
    return out;
  }

  private static double number(JsonObject t, String field, double min, double max) {
    if (!(t.getValue(field) instanceof Number n) || !Double.isFinite(n.doubleValue())
        || n.doubleValue() < min || n.doubleValue() > max) {
      throw invalid("'timing." + field + "' must be a number between " + (long) min + " and " + (long) max + ".");
    }
    return n.doubleValue();
  }

  private static long whole(JsonObject t, String field, long min, long max) {
    double d = number(t, field, min, max);
    if (d != Math.floor(d)) {
      throw invalid("'timing." + field + "' must be a whole number.");
    }
    return (long) d;
  }

  private static Invalid invalid(String message) {
    return new Invalid("invalid_field", message);
  }
}

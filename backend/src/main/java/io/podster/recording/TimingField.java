package io.podster.recording;

import io.podster.domain.Invalid;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The optional {@code timing} object sent with complete: when the recorder's first sample was
 * captured on the server's clock, the clock estimate behind it, and for lossless audio its rate,
 * sample count, marks (samples captured by server time) and fills (where it put in silence for
 * lost input, on its own time line). Sent at complete rather than create because a create may
 * reach the server long after the recorder started (a refused or retried request, a resume after
 * reload), and the first complete fixes it for good.
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
  /** A fill is a loss on a busy machine: ten thousand is far more than a take that is usable at all has. */
  static final int MAX_FILLS = 10_000;
  /** The page rounds each fill's figures to 0.1 ms, so one right after another can seem to overlap by a little. */
  static final double FILL_OVERLAP_SLACK_MS = 0.5;
  /** The same rounding, and samples / sampleRate not being a whole number of 0.1 ms, at the track's end. */
  static final double FILL_END_SLACK_MS = 1;
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
      if (t.containsKey("sampleRate") || t.containsKey("samples") || t.containsKey("marks") || t.containsKey("fills")) {
        throw invalid("'sampleRate', 'samples', 'marks' and 'fills' are for audio tracks only.");
      }
      return new TrackTiming(offsetMs, clockOffset, uncertainty, null, null, null, null);
    }
    Object fills = t.getValue("fills");
    if (fills != null && !(t.containsKey("sampleRate") && t.containsKey("samples"))) {
      throw invalid("'timing.fills' needs 'timing.sampleRate' and 'timing.samples': fills must lie within the track's length.");
    }
    if (!t.containsKey("sampleRate")) {
      return new TrackTiming(offsetMs, clockOffset, uncertainty, null, null, null, null);
    }
    int rate = (int) whole(t, "sampleRate", MIN_RATE, MAX_RATE);
    long samples = whole(t, "samples", 0, rate * (DAY_MS / 1000));
    List<Drift.Mark> marks = marks(t.getValue("marks"), first, now, samples);
    return new TrackTiming(offsetMs, clockOffset, uncertainty, rate, samples, Drift.ppm(marks, rate),
        fills(fills, samples * 1000.0 / rate));
  }

  /** Null when the recorder did not say (an older page): not the same as none lost, {@code []}. */
  private static List<Fill> fills(Object v, double trackMs) {
    if (v == null) {
      return null;
    }
    if (!(v instanceof JsonArray a)) {
      throw invalid("'timing.fills' must be an array of [atMs, ms] pairs.");
    }
    if (a.size() > MAX_FILLS) {
      throw invalid("'timing.fills' holds " + a.size() + " pairs; at most " + MAX_FILLS + " are accepted.");
    }
    List<Fill> out = new ArrayList<>(a.size());
    double lastEnd = 0;
    for (int i = 0; i < a.size(); i++) {
      if (!(a.getValue(i) instanceof JsonArray pair) || pair.size() != 2
          || !(pair.getValue(0) instanceof Number at) || !(pair.getValue(1) instanceof Number length)
          || !Double.isFinite(at.doubleValue()) || !Double.isFinite(length.doubleValue())) {
        throw invalid("'timing.fills[" + i + "]' must be an [atMs, ms] pair of finite numbers.");
      }
      Fill f = new Fill(at.doubleValue(), length.doubleValue());
      if (f.atMs() < 0) {
        throw invalid("'timing.fills[" + i + "]' begins at " + ms(f.atMs()) + " ms: atMs is where the silence begins,"
            + " in ms from the track's first sample, so it cannot be negative.");
      }
      if (f.ms() <= 0) {
        throw invalid("'timing.fills[" + i + "]' lasts " + ms(f.ms()) + " ms: a fill's length must be more than 0.");
      }
      if (f.atMs() < lastEnd - FILL_OVERLAP_SLACK_MS) {
        throw invalid("'timing.fills[" + i + "]' begins at " + ms(f.atMs()) + " ms, before the fill ahead of it ends at "
            + about(lastEnd) + " ms: fills must be in track order and must not overlap.");
      }
      if (f.atMs() + f.ms() > trackMs + FILL_END_SLACK_MS) {
        throw invalid("'timing.fills[" + i + "]' ends at " + about(f.atMs() + f.ms()) + " ms, past the track's end at "
            + about(trackMs) + " ms (samples / sampleRate): a fill must lie within the track.");
      }
      lastEnd = f.atMs() + f.ms();
      out.add(f);
    }
    return out;
  }

  /** As sent, as a person writes it: 2286.1, 40, 86400000 (not 8.64E7). */
  private static String ms(double v) {
    return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }

  /** A sum or quotient of sent figures, to a microsecond: 2326.3, not 2326.2999999999997. */
  private static String about(double v) {
    return BigDecimal.valueOf(v).setScale(3, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
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

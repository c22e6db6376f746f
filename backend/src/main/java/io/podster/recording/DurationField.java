package io.podster.recording;

import io.podster.domain.Invalid;
import io.vertx.core.json.JsonObject;

/**
 * The track's duration as the recorder measured it, sent with complete. The server never reads
 * the media, so this is the only source; it is optional because a resumed upload after a crash
 * may not know it.
 */
final class DurationField {
  // A day: far beyond any take, small enough to catch nonsense.
  private static final long MAX_MS = 24L * 60 * 60 * 1000;

  private DurationField() {}

  static Long read(JsonObject body) {
    Object v = body.getValue("durationMs");
    if (v == null) {
      return null;
    }
    if (!(v instanceof Number n) || n.doubleValue() != Math.floor(n.doubleValue())
        || n.longValue() < 0 || n.longValue() > MAX_MS) {
      throw new Invalid(
          "invalid_field", "'durationMs' must be a whole number of milliseconds between 0 and " + MAX_MS + ".");
    }
    return n.longValue();
  }
}

package io.podster.telemetry;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and checks a {@code call-stats} message (see docs/signaling-protocol.md): every field
 * typed and in range, at most {@link #MAX_CONNECTIONS} connections, or nothing is taken from it.
 * The ranges are generous bounds on what a browser can measure, so a confused or hostile client
 * cannot push a histogram's sum or a counter far from the truth in one message.
 */
public final class CallStatsReader {
  /** More than a mesh call has peers (each browser holds one connection per other participant). */
  public static final int MAX_CONNECTIONS = 16;
  public static final List<String> CANDIDATES = List.of("host", "srflx", "relay");
  static final double MAX_INTERVAL_MS = 120_000;
  static final double MAX_DELAY_MS = 60_000;
  /** 1 Gbit/s. */
  static final double MAX_KBPS = 1_000_000;
  /** Frames a second, over a connection's incoming videos (camera and screen). */
  static final double MAX_FPS = 500;
  /** A freeze is counted when it ends, whole, so one interval may carry a long one. */
  static final double MAX_FREEZE_MS = 600_000;

  private CallStatsReader() {}

  /** A message that breaks the rules; its text names the field, for the client's {@code bad_message}. */
  public static final class Invalid extends RuntimeException {
    Invalid(String message) {
      super(message, null, false, false);
    }
  }

  public static List<ConnectionQuality> read(JsonObject m) {
    if (!(m.getValue("connections") instanceof JsonArray list) || list.isEmpty()) {
      throw new Invalid("'connections' must be a non-empty array.");
    }
    if (list.size() > MAX_CONNECTIONS) {
      throw new Invalid("'connections' holds at most " + MAX_CONNECTIONS + " entries.");
    }
    List<ConnectionQuality> out = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      if (!(list.getValue(i) instanceof JsonObject c)) {
        throw new Invalid("'connections[" + i + "]' must be an object.");
      }
      out.add(connection(c, "connections[" + i + "]."));
    }
    return out;
  }

  private static ConnectionQuality connection(JsonObject c, String at) {
    if (!(c.getValue("candidate") instanceof String candidate) || !CANDIDATES.contains(candidate)) {
      throw new Invalid("'" + at + "candidate' must be one of " + String.join(", ", CANDIDATES) + ".");
    }
    double intervalMs = number(c, at, "intervalMs", 1000, MAX_INTERVAL_MS);
    Double rtt = optional(c, at, "rttMs", MAX_DELAY_MS);
    Double jitter = optional(c, at, "jitterMs", MAX_DELAY_MS);
    Double loss = optional(c, at, "lossPercent", 100);
    double send = number(c, at, "sendKbps", 0, MAX_KBPS);
    double receive = number(c, at, "recvKbps", 0, MAX_KBPS);
    double frames = number(c, at, "framesDecoded", 0, Math.ceil(MAX_FPS * intervalMs / 1000));
    if (frames != Math.rint(frames)) {
      throw new Invalid("'" + at + "framesDecoded' must be a whole number.");
    }
    Double freeze = optional(c, at, "freezeMs", MAX_FREEZE_MS);
    return new ConnectionQuality(
        candidate,
        intervalMs / 1000,
        rtt == null ? null : rtt / 1000,
        jitter == null ? null : jitter / 1000,
        loss == null ? null : loss / 100,
        send * 1000,
        receive * 1000,
        (long) frames,
        freeze == null ? null : freeze / 1000);
  }

  private static double number(JsonObject c, String at, String field, double min, double max) {
    if (!(c.getValue(field) instanceof Number n)) {
      throw new Invalid("'" + at + field + "' must be a number.");
    }
    double v = n.doubleValue();
    if (!(v >= min && v <= max)) {
      throw new Invalid("'" + at + field + "' must be between " + plain(min) + " and " + plain(max) + ".");
    }
    return v;
  }

  /** A figure the browser may not have measured: null, or a number from 0 to {@code max}. */
  private static Double optional(JsonObject c, String at, String field, double max) {
    Object v = c.getValue(field);
    if (v == null && c.containsKey(field)) {
      return null;
    }
    if (!(v instanceof Number)) {
      throw new Invalid("'" + at + field + "' must be a number or null.");
    }
    return number(c, at, field, 0, max);
  }

  private static String plain(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }
}

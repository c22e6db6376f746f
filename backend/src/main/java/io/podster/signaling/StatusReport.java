package io.podster.signaling;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * Reads a {@code recording-status} message into the bounded status the host's board receives. A
 * new object holds only the known fields: nothing a client adds is relayed. The browser's word is
 * never {@code saved}: that the store holds a track only the server says ({@code track-status}).
 */
final class StatusReport {
  static final Set<String> STATES = Set.of("recording", "uploading", "failed", "idle");
  /** A browser holding more than this (1 PiB) is not reporting its own recordings. */
  static final long MAX_PENDING_BYTES = 1L << 50;
  static final int MAX_FORMAT_CHARS = 80;
  static final double MAX_RTT_MS = 60_000;
  static final double MAX_SEND_KBPS = 10_000_000;

  private StatusReport() {}

  static JsonObject read(JsonObject m) {
    String state = Messages.requireString(m, "state");
    if (!STATES.contains(state)) {
      throw SignalError.badMessage("'state' must be recording, uploading, failed or idle.");
    }
    JsonObject status = new JsonObject()
        .put("state", state)
        .put("pendingBytes", pendingBytes(m.getValue("pendingBytes")))
        .put("format", format(m.getValue("format")));
    Object quality = m.getValue("quality");
    if (quality == null) {
      return status.putNull("quality");
    }
    if (!(quality instanceof JsonObject q)) {
      throw SignalError.badMessage("'quality' must be an object or null.");
    }
    return status.put("quality", new JsonObject()
        .put("rttMs", bounded(q, "rttMs", MAX_RTT_MS))
        .put("lossPercent", bounded(q, "lossPercent", 100))
        .put("sendKbps", bounded(q, "sendKbps", MAX_SEND_KBPS)));
  }

  private static long pendingBytes(Object v) {
    if (v instanceof Number n && isWhole(n) && n.longValue() >= 0 && n.longValue() <= MAX_PENDING_BYTES) {
      return n.longValue();
    }
    throw SignalError.badMessage("'pendingBytes' must be a whole number of bytes from 0 to 2^50.");
  }

  /** Integers as Jackson reads them, or a double with nothing after the point (2.0); a BigInteger is past the bound anyway. */
  private static boolean isWhole(Number n) {
    return n instanceof Integer || n instanceof Long || n instanceof Double d && d == Math.rint(d);
  }

  /** e.g. {@code 1080p30 · 48 kHz lossless}: printable text, or null when the browser records nothing. */
  private static String format(Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof String s && !s.isBlank() && s.length() <= MAX_FORMAT_CHARS && s.codePoints().noneMatch(Character::isISOControl)) {
      return s;
    }
    throw SignalError.badMessage("'format' must be null or printable text of at most " + MAX_FORMAT_CHARS + " characters.");
  }

  private static Double bounded(JsonObject q, String field, double max) {
    Object v = q.getValue(field);
    if (v == null) {
      return null;
    }
    if (v instanceof Number n && Double.isFinite(n.doubleValue()) && n.doubleValue() >= 0 && n.doubleValue() <= max) {
      // Two decimals are all a board shows; fewer digits keep the relayed frame small.
      return Math.round(n.doubleValue() * 100) / 100.0;
    }
    throw SignalError.badMessage("'quality." + field + "' must be null or a number from 0 to " + (long) max + ".");
  }
}

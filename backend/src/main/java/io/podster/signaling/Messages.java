package io.podster.signaling;

import io.vertx.core.json.JsonObject;

/** Field checks for incoming messages; a missing or mistyped field is the client's {@code bad_message}. */
final class Messages {
  private Messages() {}

  static String requireString(JsonObject m, String field) {
    if (m.getValue(field) instanceof String s && !s.isBlank()) {
      return s;
    }
    throw SignalError.badMessage("'" + field + "' must be a non-empty string.");
  }

  static boolean requireBoolean(JsonObject m, String field) {
    if (m.getValue(field) instanceof Boolean b) {
      return b;
    }
    throw SignalError.badMessage("'" + field + "' must be true or false.");
  }

  static JsonObject requireObject(JsonObject m, String field) {
    if (m.getValue(field) instanceof JsonObject o) {
      return o;
    }
    throw SignalError.badMessage("'" + field + "' must be an object.");
  }
}

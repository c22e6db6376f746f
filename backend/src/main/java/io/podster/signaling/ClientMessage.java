package io.podster.signaling;

import io.vertx.core.json.JsonObject;

/**
 * A message from the browser, its fields read and checked once, where it is parsed (see {@link
 * ClientMessageType}); the handlers get these, never the raw JSON. A missing or mistyped field is
 * the client's {@code bad_message}.
 */
sealed interface ClientMessage {
  /** @param resumeToken null for a new peer; @param protocol the version it speaks (see {@link ProtocolVersion}) */
  record Join(String roomId, String resumeToken, int protocol) implements ClientMessage {
    static Join read(JsonObject m) {
      int protocol = ProtocolVersion.read(m);
      return new Join(
          Messages.requireString(m, "roomId"), m.getValue("resumeToken") instanceof String s ? s : null, protocol);
    }
  }

  /** @param data the {@code data} object's JSON text, relayed as it is */
  record Signal(String to, String data) implements ClientMessage {
    static Signal read(JsonObject m) {
      return new Signal(Messages.requireString(m, "to"), Messages.requireObject(m, "data").encode());
    }
  }

  record State(boolean audio, boolean video, boolean screen) implements ClientMessage {
    static State read(JsonObject m) {
      return new State(
          Messages.requireBoolean(m, "audio"), Messages.requireBoolean(m, "video"), Messages.requireBoolean(m, "screen"));
    }

    JsonObject toJson() {
      return new JsonObject().put("audio", audio).put("video", video).put("screen", screen);
    }
  }

  record Chat(String text) implements ClientMessage {
    static final int MAX_CHARS = 2000;

    static Chat read(JsonObject m) {
      String text = Messages.requireString(m, "text");
      if (text.length() > MAX_CHARS) {
        throw new SignalError("too_long", "Chat messages are at most " + MAX_CHARS + " characters.");
      }
      return new Chat(text);
    }
  }

  record RecordStart() implements ClientMessage {}

  record RecordStop() implements ClientMessage {}

  record Kick(String peerId) implements ClientMessage {
    static Kick read(JsonObject m) {
      return new Kick(Messages.requireString(m, "peerId"));
    }
  }

  record Leave() implements ClientMessage {}

  record Ping() implements ClientMessage {}

  record Time() implements ClientMessage {}

  /**
   * Kept whole: {@link CallStatsMessages} refuses one sent too soon before it reads the figures,
   * so a replay is {@code rate_limited} whatever it holds.
   */
  record CallStats(JsonObject message) implements ClientMessage {}

  /** @param status as {@link StatusReport} checked it, only the fields it knows */
  record RecordingStatus(JsonObject status) implements ClientMessage {
    static RecordingStatus read(JsonObject m) {
      return new RecordingStatus(StatusReport.read(m));
    }
  }
}

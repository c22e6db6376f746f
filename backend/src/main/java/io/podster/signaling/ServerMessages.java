package io.podster.signaling;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.podster.recording.Take;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Every message the server sends on the socket, built in one place (see docs/signaling-protocol.md). */
final class ServerMessages {
  private ServerMessages() {}

  static JsonObject error(String code, String message) {
    return new JsonObject().put("type", MessageTypes.ERROR).put("code", code).put("message", message);
  }

  static JsonObject pong() {
    return new JsonObject().put("type", MessageTypes.PONG);
  }

  /** Fractional milliseconds: the system clock has microseconds, and whole ones would add up to 1 ms of error. */
  static JsonObject time(Instant now) {
    return new JsonObject().put("type", MessageTypes.TIME).put("serverTime", now.getEpochSecond() * 1000.0 + now.getNano() / 1e6);
  }

  static JsonObject joined(Peer self, List<Peer> inRoom, JsonArray iceServers, Optional<Take> take, String resumeToken) {
    JsonArray peers = new JsonArray();
    inRoom.stream().filter(p -> !p.peerId().equals(self.peerId())).forEach(p -> peers.add(p.toClient()));
    return new JsonObject()
        .put("type", MessageTypes.JOINED)
        .put("peerId", self.peerId())
        .put("roomId", self.roomId())
        .put("peers", peers)
        .put("iceServers", iceServers)
        .put("recording", take.map(ServerMessages::runningTake).orElse(null))
        .put("resumeToken", resumeToken);
  }

  /** A take as {@code joined.recording} and {@code record-started} describe it. */
  private static JsonObject runningTake(Take t) {
    return new JsonObject()
        .put("takeId", t.id())
        .put("startedAt", Instant.ofEpochMilli(t.startedAt()).toString())
        .put("startAt", Instant.ofEpochMilli(t.startAt()).toString());
  }

  static JsonObject recordStarted(Take t) {
    return new JsonObject().put("type", MessageTypes.RECORD_STARTED).mergeIn(runningTake(t));
  }

  static JsonObject recordStopped(Take t) {
    return new JsonObject().put("type", MessageTypes.RECORD_STOPPED).put("takeId", t.id());
  }

  static JsonObject peerJoined(Peer p) {
    return new JsonObject().put("type", MessageTypes.PEER_JOINED).put("peer", p.toClient());
  }

  static JsonObject peerState(Peer p) {
    return new JsonObject().put("type", MessageTypes.PEER_STATE).put("peerId", p.peerId()).put("state", p.state());
  }

  static JsonObject peerLeft(String peerId) {
    return new JsonObject().put("type", MessageTypes.PEER_LEFT).put("peerId", peerId);
  }

  static JsonObject chat(Peer from, String text, Instant at) {
    return new JsonObject()
        .put("type", MessageTypes.CHAT)
        .put("from", from.peerId())
        .put("displayName", from.displayName())
        .put("text", text)
        .put("at", at.toString());
  }

  static JsonObject kicked() {
    return new JsonObject().put("type", MessageTypes.KICKED);
  }

  /** Server-internal, on a peer's own address: a newer socket resumed it. */
  static JsonObject takeover() {
    return new JsonObject().put("type", MessageTypes.TAKEOVER);
  }

  static JsonObject peerStatus(Peer from, JsonObject status, Instant at) {
    return new JsonObject()
        .put("type", MessageTypes.PEER_STATUS)
        .put("peerId", from.peerId())
        .put("userId", from.userId())
        .put("displayName", from.displayName())
        .put("status", status)
        .put("at", at.toString());
  }

  /** @param recording a recording's JSON as the upload coordinator publishes it */
  static JsonObject trackStatus(JsonObject recording) {
    return new JsonObject()
        .put("type", MessageTypes.TRACK_STATUS)
        .put("track", new JsonObject()
            .put("recordingId", recording.getString("id"))
            .put("takeId", recording.getString("takeId"))
            .put("userId", recording.getString("userId"))
            .put("displayName", recording.getString("displayName"))
            .put("kind", recording.getString("kind"))
            .put("state", recording.getString("state"))
            .put("size", recording.getLong("size")));
  }

  /**
   * The relayed signal, built as text: type, then the sender, then the data as the sender wrote
   * it, so the data (SDP, mostly) is never parsed or encoded again.
   */
  static String signal(String from, String data) {
    return new StringBuilder(data.length() + from.length() + 40)
        .append("{\"type\":\"").append(MessageTypes.SIGNAL).append("\",\"from\":\"")
        .append(JsonStringEncoder.getInstance().quoteAsString(from))
        .append("\",\"data\":").append(data).append('}')
        .toString();
  }
}

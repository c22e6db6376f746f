package io.podster.signaling;

import io.vertx.core.json.JsonObject;

/**
 * A peer as the whole cluster knows it: stored in the peers map, sent in {@code joined} and {@code
 * peer-joined}. {@code nodeId} names the relay endpoint holding its socket: a node and one of its
 * event loops ({@link Endpoints}). {@code detachedAt} is set while its socket is gone and it may still resume.
 */
record Peer(
    String peerId,
    String roomId,
    String userId,
    String displayName,
    String role,
    JsonObject state,
    String nodeId,
    Long detachedAt) {

  static JsonObject initialState() {
    return new JsonObject().put("audio", false).put("video", false).put("screen", false);
  }

  Peer withState(JsonObject s) {
    return new Peer(peerId, roomId, userId, displayName, role, s, nodeId, detachedAt);
  }

  Peer detached(long at) {
    return new Peer(peerId, roomId, userId, displayName, role, state, nodeId, at);
  }

  /** Attached to a socket on {@code node}, keeping the state it had. */
  Peer attachedTo(String node) {
    return new Peer(peerId, roomId, userId, displayName, role, state, node, null);
  }

  /** The public view, as clients see it. */
  JsonObject toClient() {
    return new JsonObject()
        .put("peerId", peerId)
        .put("userId", userId)
        .put("displayName", displayName)
        .put("role", role)
        .put("state", state.copy());
  }

  JsonObject toStored() {
    return toClient().put("roomId", roomId).put("nodeId", nodeId).put("detachedAt", detachedAt);
  }

  static Peer fromStored(JsonObject j) {
    return new Peer(
        j.getString("peerId"),
        j.getString("roomId"),
        j.getString("userId"),
        j.getString("displayName"),
        j.getString("role"),
        j.getJsonObject("state"),
        j.getString("nodeId"),
        j.getLong("detachedAt"));
  }
}

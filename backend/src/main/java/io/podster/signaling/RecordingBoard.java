package io.podster.signaling;

import io.podster.recording.RecordingAddresses;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The host's board: every participant's {@code recording-status} (sent by their browser, attributed
 * here to their own peer) and every track the store completes (told by whichever node's upload
 * coordinator recorded it) reach the room's host sockets, on any node, and no one else's. Lives on
 * the sockets' event loop, like the connections it holds.
 */
final class RecordingBoard {
  /** A browser reports on change and every few seconds; twice a second on average is plenty. */
  static final double STATUS_PER_SECOND = 2;
  static final double STATUS_BURST = 6;
  private final EventBus bus;
  private final Clock clock;
  /** This node's host sockets by room, and the room each is listed under. */
  private final Map<String, Set<Connection>> hosts = new HashMap<>();
  private final Map<Connection, String> roomOf = new HashMap<>();
  private final Map<String, MessageConsumer<String>> consumers = new HashMap<>();
  private final Map<Connection, SocketRateLimit> limits = new HashMap<>();

  RecordingBoard(EventBus bus, Clock clock) {
    this.bus = bus;
    this.clock = clock;
  }

  /** Listens for tracks the store holds; call on the sockets' event loop. */
  void mount() {
    bus.<JsonObject>consumer(RecordingAddresses.TRACKS, m -> trackChanged(m.body()));
  }

  /** After a join: a host socket starts receiving its room's board. */
  void joined(Connection c) {
    if (!c.host || c.peer == null) {
      return;
    }
    forget(c);
    String roomId = c.peer.roomId();
    c.done.future().onComplete(x -> forget(c));
    roomOf.put(c, roomId);
    hosts.computeIfAbsent(roomId, k -> new LinkedHashSet<>()).add(c);
    consumers.computeIfAbsent(roomId, k -> bus.<String>consumer(Addresses.board(k), m -> deliver(k, m.body())));
  }

  /** A participant's own status, for the hosts of their room. */
  Future<Void> status(Connection c, JsonObject m) {
    // Checked first: what the limit bounds is relaying (a cluster publish each); a malformed
    // message costs its answer only, and a flood of them meets the socket's own limit.
    JsonObject status = StatusReport.read(m);
    SocketRateLimit limit = limits.get(c);
    if (limit == null) {
      limit = new SocketRateLimit(STATUS_PER_SECOND, STATUS_BURST, clock.millis());
      limits.put(c, limit);
      c.done.future().onComplete(x -> limits.remove(c));
    }
    if (!limit.allow(clock.millis())) {
      throw new SignalError("rate_limited", "Send recording-status at most twice a second.");
    }
    Peer p = c.peer;
    String frame = new JsonObject()
        .put("type", MessageTypes.PEER_STATUS)
        .put("peerId", p.peerId())
        .put("userId", p.userId())
        .put("displayName", p.displayName())
        .put("status", status)
        .put("at", Instant.ofEpochMilli(clock.millis()).toString())
        .encode();
    bus.publish(Addresses.board(p.roomId()), frame);
    return Future.succeededFuture();
  }

  /** A track was created or completed: its state as the server's records have it. */
  private void trackChanged(JsonObject recording) {
    String roomId = recording.getString("roomId");
    if (roomId == null || !hosts.containsKey(roomId)) {
      return;
    }
    deliver(roomId, new JsonObject()
        .put("type", MessageTypes.TRACK_STATUS)
        .put("track", new JsonObject()
            .put("recordingId", recording.getString("id"))
            .put("takeId", recording.getString("takeId"))
            .put("userId", recording.getString("userId"))
            .put("displayName", recording.getString("displayName"))
            .put("kind", recording.getString("kind"))
            .put("state", recording.getString("state"))
            .put("size", recording.getLong("size")))
        .encode());
  }

  private void deliver(String roomId, String frame) {
    Set<Connection> set = hosts.get(roomId);
    if (set == null) {
      return;
    }
    for (Connection c : Set.copyOf(set)) {
      // A socket that left (or rejoined elsewhere) since is dropped here rather than on every leave.
      if (c.closed || c.peer == null || !c.host || !roomId.equals(c.peer.roomId())) {
        forget(c);
      } else {
        c.sendEncoded(frame);
      }
    }
  }

  private void forget(Connection c) {
    String roomId = roomOf.remove(c);
    Set<Connection> set = roomId == null ? null : hosts.get(roomId);
    if (set == null) {
      return;
    }
    set.remove(c);
    if (set.isEmpty()) {
      hosts.remove(roomId);
      MessageConsumer<String> consumer = consumers.remove(roomId);
      if (consumer != null) {
        consumer.unregister();
      }
    }
  }
}

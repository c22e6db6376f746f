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
  private final Map<String, Set<SocketSession>> hosts = new HashMap<>();
  private final Map<SocketSession, String> roomOf = new HashMap<>();
  private final Map<String, MessageConsumer<String>> consumers = new HashMap<>();
  private final Map<SocketSession, SocketRateLimit> limits = new HashMap<>();

  RecordingBoard(EventBus bus, Clock clock) {
    this.bus = bus;
    this.clock = clock;
  }

  /** Listens for tracks the store holds; call on the sockets' event loop. */
  void mount() {
    bus.<JsonObject>consumer(RecordingAddresses.TRACKS, m -> trackChanged(m.body()));
  }

  /** After a join: a host socket starts receiving its room's board. */
  void joined(SocketSession c) {
    if (!c.host() || !c.joined()) {
      return;
    }
    forget(c);
    String roomId = c.peer().roomId();
    c.done().onComplete(x -> forget(c));
    roomOf.put(c, roomId);
    hosts.computeIfAbsent(roomId, k -> new LinkedHashSet<>()).add(c);
    consumers.computeIfAbsent(roomId, k -> bus.<String>consumer(Addresses.board(k), m -> deliver(k, m.body())));
  }

  /** A participant's own status, for the hosts of their room. */
  Future<Void> status(SocketSession c, ClientMessage.RecordingStatus m) {
    // Checked first (when it was parsed): what the limit bounds is relaying (a cluster publish
    // each); a malformed message costs its answer only, and a flood of them meets the socket's own limit.
    SocketRateLimit limit = limits.get(c);
    if (limit == null) {
      limit = new SocketRateLimit(STATUS_PER_SECOND, STATUS_BURST, clock.millis());
      limits.put(c, limit);
      c.done().onComplete(x -> limits.remove(c));
    }
    if (!limit.allow(clock.millis())) {
      throw new SignalError("rate_limited", "Send recording-status at most twice a second.");
    }
    String frame = ServerMessages.peerStatus(c.peer(), m.status(), Instant.ofEpochMilli(clock.millis())).encode();
    Peer p = c.peer();
    bus.publish(Addresses.board(p.roomId()), frame);
    return Future.succeededFuture();
  }

  /** A track was created or completed: its state as the server's records have it. */
  private void trackChanged(JsonObject recording) {
    String roomId = recording.getString("roomId");
    if (roomId == null || !hosts.containsKey(roomId)) {
      return;
    }
    deliver(roomId, ServerMessages.trackStatus(recording).encode());
  }

  private void deliver(String roomId, String frame) {
    Set<SocketSession> set = hosts.get(roomId);
    if (set == null) {
      return;
    }
    for (SocketSession c : Set.copyOf(set)) {
      // A socket that left (or rejoined elsewhere) since is dropped here rather than on every leave.
      if (c.closed() || !c.joined() || !c.host() || !roomId.equals(c.peer().roomId())) {
        forget(c);
      } else {
        c.sendEncoded(frame);
      }
    }
  }

  private void forget(SocketSession c) {
    String roomId = roomOf.remove(c);
    Set<SocketSession> set = roomId == null ? null : hosts.get(roomId);
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

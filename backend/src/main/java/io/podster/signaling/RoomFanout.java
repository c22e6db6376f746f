package io.podster.signaling;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Room broadcasts: published once on the room's address, received by every node with a peer in
 * the room (one consumer per node and room), and written to that node's sockets in the room.
 */
final class RoomFanout {
  /**
   * How long a room's consumer outlives its last local socket. Other nodes learn of a new
   * subscription asynchronously, so unregistering and re-registering on every leave/rejoin or
   * resume would leave a window in which their broadcasts miss this node.
   */
  static final long LINGER_MS = 60_000;
  private final Vertx vertx;
  private final EventBus bus;
  private final Map<String, Set<Connection>> members = new HashMap<>();
  private final Map<String, MessageConsumer<JsonObject>> consumers = new HashMap<>();
  private final Map<String, Long> lingering = new HashMap<>();
  private final KnownPeers known = new KnownPeers();

  RoomFanout(Vertx vertx) {
    this.vertx = vertx;
    this.bus = vertx.eventBus();
  }

  /** Adds the socket to the room; completes once this node receives the room's broadcasts. */
  Future<Void> add(String roomId, Connection c) {
    Long timer = lingering.remove(roomId);
    if (timer != null) {
      vertx.cancelTimer(timer);
    }
    members.computeIfAbsent(roomId, k -> new LinkedHashSet<>()).add(c);
    MessageConsumer<JsonObject> consumer =
        consumers.computeIfAbsent(roomId, k -> bus.<JsonObject>consumer(Addresses.room(k), m -> deliver(k, m.body())));
    return consumer.completion();
  }

  void remove(String roomId, Connection c) {
    Set<Connection> set = members.get(roomId);
    if (set == null) {
      return;
    }
    set.remove(c);
    if (set.isEmpty()) {
      members.remove(roomId);
      known.forgetRoom(roomId);
      lingering.put(roomId, vertx.setTimer(LINGER_MS, t -> unregisterIfUnused(roomId)));
    }
  }

  private void unregisterIfUnused(String roomId) {
    lingering.remove(roomId);
    if (!members.containsKey(roomId)) {
      MessageConsumer<JsonObject> consumer = consumers.remove(roomId);
      if (consumer != null) {
        consumer.unregister();
      }
    }
  }

  /**
   * Sends {@code message} to every peer of the room but {@code except} (may be null); the copy
   * for {@code echoTo} carries {@code echoId}, the id of the message that caused it.
   */
  void publish(String roomId, JsonObject message, String except, String echoTo, Object echoId) {
    JsonObject envelope = new JsonObject().put("message", message).put("except", except);
    if (echoTo != null && echoId != null) {
      envelope.put("echoTo", echoTo).put("echoId", echoId);
    }
    bus.publish(Addresses.room(roomId), envelope);
  }

  /** The room this node has seen the peer in, or null: see {@link KnownPeers}. */
  String knownRoomOf(String peerId) {
    return known.roomOf(peerId);
  }

  long knownEpoch() {
    return known.epoch();
  }

  /** Remembers a directory answer while this node has a socket in the room (and so hears it leave). */
  void learn(String peerId, String roomId, long epoch) {
    if (members.containsKey(roomId)) {
      known.remember(peerId, roomId, epoch);
    }
  }

  private void deliver(String roomId, JsonObject envelope) {
    JsonObject message = envelope.getJsonObject("message");
    if (MessageTypes.PEER_LEFT.equals(message.getString("type"))) {
      known.forget(message.getString("peerId"));
    }
    Set<Connection> set = members.get(roomId);
    if (set == null) {
      return;
    }
    String except = envelope.getString("except");
    String echoTo = envelope.getString("echoTo");
    // Encoded once for the whole room: in a busy room this is most of the fan-out's cost.
    String encoded = null;
    for (Connection c : set) {
      String id = c.peerId();
      if (id == null || id.equals(except)) {
        continue;
      }
      if (id.equals(echoTo) && envelope.getValue("echoId") != null) {
        c.answer(message.copy(), envelope.getValue("echoId"));
      } else {
        if (encoded == null) {
          encoded = message.encode();
        }
        c.sendEncoded(encoded);
      }
    }
  }
}

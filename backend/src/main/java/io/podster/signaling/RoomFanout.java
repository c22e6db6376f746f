package io.podster.signaling;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Room broadcasts: published once on the room's address, received by every loop of every node with
 * a peer in the room (one consumer per loop and room), and written to that loop's sockets in the
 * room. One per event loop ({@link SignalingLoop}): "this node" below means this loop.
 * A room's broadcasts of one event-loop turn leave as one event-bus message ({@link TurnBatches}):
 * a busy room (everyone sending state) made many per turn.
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
  private final Map<String, Set<SocketSession>> members = new HashMap<>();
  private final Map<String, MessageConsumer<RoomBroadcasts>> consumers = new HashMap<>();
  private final TurnBatches<List<RoomBroadcast>> outgoing;
  /** This node's joined peers by id, so a signal between two of them needs no event-bus hop. */
  private final Map<String, SocketSession> local = new HashMap<>();
  private final Map<String, Long> lingering = new HashMap<>();
  private final KnownPeers known = new KnownPeers();
  private final NodeTally tally;
  /** The sockets' event-loop thread, taken from the first caller; only read by assertions. */
  private Thread owner;

  /** @param tally told when this loop's first peer enters a room and its last leaves */
  RoomFanout(Vertx vertx, NodeTally tally) {
    this.vertx = vertx;
    this.tally = tally;
    this.bus = vertx.eventBus();
    this.outgoing =
        new TurnBatches<>(vertx, ArrayList::new, (roomId, items) -> bus.publish(Addresses.room(roomId), new RoomBroadcasts(items)));
  }

  /** Adds the peer's socket to its room; completes once this node receives the room's broadcasts. */
  Future<Void> add(Peer peer, SocketSession c) {
    assert onOwnerLoop();
    String roomId = peer.roomId();
    Long timer = lingering.remove(roomId);
    if (timer != null) {
      vertx.cancelTimer(timer);
    }
    members
        .computeIfAbsent(
            roomId,
            k -> {
              tally.roomEntered(k);
              return new LinkedHashSet<>();
            })
        .add(c);
    local.put(peer.peerId(), c);
    MessageConsumer<RoomBroadcasts> consumer =
        consumers.computeIfAbsent(roomId, k -> bus.<RoomBroadcasts>consumer(Addresses.room(k), m -> deliver(k, m.body())));
    return consumer.completion();
  }

  void remove(Peer peer, SocketSession c) {
    assert onOwnerLoop();
    String roomId = peer.roomId();
    local.remove(peer.peerId(), c);
    Set<SocketSession> set = members.get(roomId);
    if (set == null) {
      return;
    }
    set.remove(c);
    if (set.isEmpty()) {
      members.remove(roomId);
      tally.roomLeft(roomId);
      known.forgetRoom(roomId);
      lingering.put(roomId, vertx.setTimer(LINGER_MS, t -> unregisterIfUnused(roomId)));
    }
  }

  private void unregisterIfUnused(String roomId) {
    lingering.remove(roomId);
    if (!members.containsKey(roomId)) {
      MessageConsumer<RoomBroadcasts> consumer = consumers.remove(roomId);
      if (consumer != null) {
        consumer.unregister();
      }
    }
  }

  /** Sends {@code message} to the room's peers {@code to} names. Encoded here, once, for every node; sent when this turn ends. */
  void publish(String roomId, JsonObject message, RoomAudience to) {
    String echoText = to.echoTo() == null ? null : message.copy().put("id", to.echoId()).encode();
    RoomBroadcast b = new RoomBroadcast(message.encode(), to.except(), to.echoTo(), echoText, to.leftPeerId());
    outgoing.add(roomId, items -> items.add(b));
  }

  /** The socket on this node joined as that peer and in that room, or null. */
  SocketSession localPeer(String peerId, String roomId) {
    assert onOwnerLoop();
    SocketSession c = local.get(peerId);
    Peer p = c == null ? null : c.peer();
    return p != null && p.peerId().equals(peerId) && p.roomId().equals(roomId) ? c : null;
  }

  /** The room this node has seen the peer in, or null: see {@link KnownPeers}. */
  String knownRoomOf(String peerId) {
    return known.roomOf(peerId);
  }

  /** See {@link KnownPeers#dueForRefresh}. */
  boolean dueForRefresh(String peerId) {
    return known.dueForRefresh(peerId);
  }

  void forgetKnown(String peerId) {
    assert onOwnerLoop();
    known.forget(peerId);
  }

  long knownEpoch() {
    return known.epoch();
  }

  /** Remembers a directory answer while this node has a socket in the room (and so hears it leave). */
  void learn(String peerId, String roomId, String nodeId, long epoch) {
    assert onOwnerLoop();
    if (members.containsKey(roomId)) {
      known.remember(peerId, roomId, nodeId, epoch);
    }
  }

  /** See {@link KnownPeers#forgetNode}. */
  void forgetNode(String nodeId) {
    assert onOwnerLoop();
    known.forgetNode(nodeId);
  }

  /** The node this node has seen the peer on, or null: see {@link KnownPeers}. */
  String knownNodeOf(String peerId) {
    return known.nodeOf(peerId);
  }

  /** This node's socket of the peer, whatever its room, or null. */
  SocketSession localConnection(String peerId) {
    assert onOwnerLoop();
    return local.get(peerId);
  }

  private void deliver(String roomId, RoomBroadcasts batch) {
    assert onOwnerLoop();
    Set<SocketSession> set = members.getOrDefault(roomId, Set.of());
    for (RoomBroadcast b : batch.items()) {
      if (b.leftPeerId() != null) {
        known.forget(b.leftPeerId());
      }
      for (SocketSession c : set) {
        String id = c.peerId();
        if (id != null && !id.equals(b.except())) {
          c.sendEncoded(id.equals(b.echoTo()) ? b.echoText() : b.text());
        }
      }
    }
  }

  /**
   * Its maps are plain: every caller must be on the sockets' event loop. Checked with assertions
   * (on in tests, off in production), because a continuation that lands on another loop is
   * silent until two threads collide.
   */
  private boolean onOwnerLoop() {
    Thread current = Thread.currentThread();
    if (owner == null) {
      owner = current;
    }
    if (owner != current) {
      throw new AssertionError("RoomFanout used off the sockets' event loop, on " + current.getName());
    }
    return true;
  }
}

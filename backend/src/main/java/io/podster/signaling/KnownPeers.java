package io.podster.signaling;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * This node's cache of peer → room (and the node holding its socket) for relaying signals without a cluster-map read per signal.
 * An entry is only added while this node has a socket in that room, so it receives the room's
 * broadcasts: the peer's {@code peer-left} forgets it, and the room is forgotten whole when this
 * node's last socket leaves it (it would no longer hear departures). Entries also expire after
 * {@link #TTL_NANOS}, which bounds the harm of a departure missed in a race: signals to a gone peer
 * dropped instead of answered with {@code unknown_peer}.
 */
final class KnownPeers {
  static final long TTL_NANOS = 10_000_000_000L;
  private final Map<String, Seen> roomOf = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> byRoom = new ConcurrentHashMap<>();
  private final AtomicLong forgets = new AtomicLong();
  private final LongSupplier nanoTime;

  KnownPeers() {
    this(System::nanoTime);
  }

  /** With a clock of our own, for tests. */
  KnownPeers(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /** The room the peer was seen in, or null. */
  String roomOf(String peerId) {
    Seen seen = fresh(peerId);
    return seen == null ? null : seen.roomId();
  }

  /** The node holding the peer's socket when it was seen, or null. */
  String nodeOf(String peerId) {
    Seen seen = fresh(peerId);
    return seen == null ? null : seen.nodeId();
  }

  private Seen fresh(String peerId) {
    Seen seen = roomOf.get(peerId);
    if (seen == null) {
      return null;
    }
    if (nanoTime.getAsLong() - seen.at() > TTL_NANOS) {
      roomOf.remove(peerId, seen);
      return null;
    }
    return seen;
  }

  /**
   * True once per entry when it is half-way to expiry: the caller re-reads the directory in the
   * background and remembers the answer, so a peer in use never expires and its signals never wait.
   */
  boolean dueForRefresh(String peerId) {
    Seen seen = roomOf.get(peerId);
    if (seen == null || seen.refreshing() || nanoTime.getAsLong() - seen.at() < TTL_NANOS / 2) {
      return false;
    }
    return roomOf.replace(peerId, seen, new Seen(seen.roomId(), seen.nodeId(), seen.at(), true));
  }

  /** Take before reading the directory; pass to {@link #remember}. */
  long epoch() {
    return forgets.get();
  }

  /**
   * Remembers what the directory said, unless something was forgotten since {@code epoch}: that
   * {@code peer-left} may have overtaken the read, and the answer be stale already.
   */
  void remember(String peerId, String roomId, String nodeId, long epoch) {
    if (forgets.get() != epoch) {
      return;
    }
    byRoom.computeIfAbsent(roomId, k -> ConcurrentHashMap.newKeySet()).add(peerId);
    roomOf.put(peerId, new Seen(roomId, nodeId, nanoTime.getAsLong(), false));
  }

  void forget(String peerId) {
    forgets.incrementAndGet();
    Seen seen = roomOf.remove(peerId);
    if (seen != null) {
      Set<String> peers = byRoom.get(seen.roomId());
      if (peers != null) {
        peers.remove(peerId);
      }
    }
  }

  /** A node left the cluster: signals to its peers (on any of its loops) must find where they went. */
  void forgetNode(String nodeId) {
    forgets.incrementAndGet();
    roomOf.forEach(
        (peerId, seen) -> {
          if (Endpoints.onNode(seen.nodeId(), nodeId)) {
            forget(peerId);
          }
        });
  }

  void forgetRoom(String roomId) {
    forgets.incrementAndGet();
    Set<String> peers = byRoom.remove(roomId);
    if (peers != null) {
      peers.forEach(roomOf::remove);
    }
  }

  private record Seen(String roomId, String nodeId, long at, boolean refreshing) {}
}

package io.podster.signaling;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * This node's signaling counts summed over its loops, for metrics and {@code /health/cluster}:
 * written by each loop on its own thread, read on any (a scrape runs on the admin listener's).
 * A room with peers on two loops is one room of the node.
 */
final class NodeTally {
  private final AtomicInteger sockets = new AtomicInteger();
  /** roomId → how many of this node's loops have a peer in it. */
  private final Map<String, Integer> loopsInRoom = new ConcurrentHashMap<>();

  void socketOpened() {
    sockets.incrementAndGet();
  }

  void socketClosed() {
    sockets.decrementAndGet();
  }

  /** A loop's first peer entered the room. */
  void roomEntered(String roomId) {
    loopsInRoom.merge(roomId, 1, Integer::sum);
  }

  /** A loop's last peer left the room. */
  void roomLeft(String roomId) {
    loopsInRoom.computeIfPresent(roomId, (k, n) -> n == 1 ? null : n - 1);
  }

  int sockets() {
    return sockets.get();
  }

  int rooms() {
    return loopsInRoom.size();
  }
}

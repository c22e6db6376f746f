package io.podster.signaling;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who is in which room, cluster-wide: a Vert.x {@link AsyncMap} (on Hazelcast when clustered)
 * keyed by peer id. Removal returns the removed peer, so exactly one caller announces a departure.
 */
final class PeerDirectory {
  private final Future<AsyncMap<String, JsonObject>> map;

  PeerDirectory(Vertx vertx) {
    this.map = vertx.sharedData().getAsyncMap(Addresses.PEERS_MAP);
  }

  Future<Void> put(Peer p) {
    return map.compose(m -> m.put(p.peerId(), p.toStored()));
  }

  Future<Optional<Peer>> get(String peerId) {
    return map.compose(m -> m.get(peerId)).map(j -> Optional.ofNullable(j).map(Peer::fromStored));
  }

  /** Removes the peer; empty when it was already gone (someone else announces it). */
  Future<Optional<Peer>> remove(String peerId) {
    return map.compose(m -> m.remove(peerId)).map(j -> Optional.ofNullable(j).map(Peer::fromStored));
  }

  /**
   * Still a scan of every stored peer (the map has no index by room), but only the room's entries
   * are turned into peers: with thousands of peers on the cluster that conversion was most of a
   * join's CPU, on the event loop.
   */
  Future<List<Peer>> inRoom(String roomId) {
    return map.compose(AsyncMap::values)
        .map(values -> values.stream().filter(j -> roomId.equals(j.getString("roomId"))).map(Peer::fromStored).toList());
  }

  /** Peers attached to a socket on that node (detached ones wait out their grace period instead). */
  Future<List<Peer>> onNode(String nodeId) {
    return all()
        .map(peers -> peers.stream().filter(p -> nodeId.equals(p.nodeId()) && p.detachedAt() == null).toList());
  }

  /** Stored entries of peers detached before {@code cutoff}, exactly as stored (for {@link #removeIfSame}). */
  Future<List<JsonObject>> detachedBefore(long cutoff) {
    return map.compose(AsyncMap::values)
        .map(
            values ->
                values.stream()
                    .filter(j -> j.getLong("detachedAt") != null && j.getLong("detachedAt") < cutoff)
                    .toList());
  }

  /** Removes the entry only if nobody changed it since it was read (e.g. the peer resumed). */
  Future<Boolean> removeIfSame(JsonObject stored) {
    return map.compose(m -> m.removeIfPresent(stored.getString("peerId"), stored));
  }

  Future<Integer> roomCount() {
    return all()
        .map(
            peers -> {
              Set<String> rooms = new HashSet<>();
              peers.forEach(p -> rooms.add(p.roomId()));
              return rooms.size();
            });
  }

  private Future<List<Peer>> all() {
    return map.compose(AsyncMap::values)
        .map(
            values -> {
              List<Peer> out = new ArrayList<>();
              values.forEach(j -> out.add(Peer.fromStored(j)));
              return out;
            });
  }
}

package io.podster.signaling;

import io.podster.cluster.ClusterSecret;
import io.podster.cluster.SharedMap;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Who is in which room, cluster-wide: a Vert.x {@link AsyncMap} (on Hazelcast when clustered)
 * keyed by peer id. Removal returns the removed peer, so exactly one caller announces a departure.
 *
 * <p>Any member of the Hazelcast cluster can write the map, so each entry carries a proof made
 * with the cluster secret; an entry without a valid one (a stranger's invented peer) reads as absent.
 */
final class PeerDirectory {
  private static final String PROOF = "proof";
  private static final String PURPOSE = "peer entry";
  private final SharedMap<String, JsonObject> peers;
  private final RoomIndex rooms;
  private final ClusterSecret secret;

  PeerDirectory(Vertx vertx, ClusterSecret secret) {
    this.peers = new SharedMap<>(vertx, Addresses.PEERS_MAP);
    this.rooms = new RoomIndex(vertx);
    this.secret = secret;
  }

  /** Stores the peer and lists it in its room: a new peer, or one resumed. */
  Future<Void> enter(Peer p) {
    return put(p).compose(v -> rooms.add(p.roomId(), p.peerId()));
  }

  /** Updates a peer already entered (its state, detached or not). */
  Future<Void> put(Peer p) {
    return peers.map().compose(m -> m.put(p.peerId(), signed(p.toStored())));
  }

  /** The entry as stored: with its proof (the same every time for the same entry). */
  private JsonObject signed(JsonObject stored) {
    return stored.containsKey(PROOF) ? stored : stored.copy().put(PROOF, secret.prove(PURPOSE, stored.encode()));
  }

  /** {@code stored} if a node of this cluster wrote it for {@code peerId} (null: any peer id), else null. */
  private JsonObject genuine(String peerId, JsonObject stored) {
    if (stored == null || (peerId != null && !peerId.equals(stored.getString("peerId")))) {
      return null;
    }
    JsonObject body = stored.copy();
    Object proof = body.remove(PROOF);
    return secret.verify(proof instanceof String s ? s : null, PURPOSE, body.encode()) ? stored : null;
  }

  Future<Optional<Peer>> get(String peerId) {
    return peers.map().compose(m -> m.get(peerId)).map(j -> Optional.ofNullable(genuine(peerId, j)).map(Peer::fromStored));
  }

  /** Removes the peer; empty when it was already gone (someone else announces it). */
  Future<Optional<Peer>> remove(String peerId) {
    return peers.map().compose(m -> m.remove(peerId))
        .map(j -> Optional.ofNullable(genuine(peerId, j)).map(Peer::fromStored))
        .compose(p -> p.isEmpty() ? Future.succeededFuture(p) : unlist(p.get().roomId(), peerId).map(p));
  }

  /** The room index is only a shortcut: a failure to update it must not undo a departure. */
  private Future<Void> unlist(String roomId, String peerId) {
    return rooms.remove(roomId, peerId).recover(e -> Future.succeededFuture());
  }

  /** The room's peers: its index entry, each id read from the peers map (ids without one are pruned). */
  Future<List<Peer>> inRoom(String roomId) {
    return rooms
        .peers(roomId)
        .compose(
            ids -> {
              List<String> idList = List.copyOf(ids);
              List<Future<Optional<Peer>>> reads = new ArrayList<>();
              idList.forEach(id -> reads.add(get(id)));
              return Future.all(reads)
                  .map(
                      x -> {
                        List<Peer> out = new ArrayList<>();
                        for (int i = 0; i < reads.size(); i++) {
                          Optional<Peer> p = reads.get(i).result();
                          if (p.isPresent() && p.get().roomId().equals(roomId)) {
                            out.add(p.get());
                          } else if (p.isEmpty()) {
                            unlist(roomId, idList.get(i));
                          }
                        }
                        return out;
                      });
            });
  }

  /** Stored entries of the node's peers (on any of its loops), attached or detached, exactly as stored. */
  Future<List<JsonObject>> onNode(String nodeId) {
    return stored(j -> Endpoints.onNode(j.getString("nodeId"), nodeId));
  }

  /** Stored entries of peers detached before {@code cutoff}, exactly as stored (for {@link #removeIfSame}). */
  Future<List<JsonObject>> detachedBefore(long cutoff) {
    return stored(j -> j.getLong("detachedAt") != null && j.getLong("detachedAt") < cutoff);
  }

  /** Removes the entry only if nobody changed it since it was read (e.g. the peer resumed); {@code stored} as read, or {@link Peer#toStored}. */
  Future<Boolean> removeIfSame(JsonObject stored) {
    return peers.map().compose(m -> m.removeIfPresent(stored.getString("peerId"), signed(stored)))
        .compose(
            removed ->
                removed
                    ? unlist(stored.getString("roomId"), stored.getString("peerId")).map(true)
                    : Future.succeededFuture(false));
  }

  /** Rooms with a peer, cluster-wide: the room index's size, so a health check reads no peer. */
  Future<Integer> roomCount() {
    return rooms.count();
  }

  /** Reads every peer of the cluster: only for rare events (a node leaving, the safety sweep). */
  private Future<List<JsonObject>> stored(Predicate<JsonObject> keep) {
    return peers.map()
        .compose(AsyncMap::values)
        .map(values -> values.stream().map(j -> genuine(null, j)).filter(j -> j != null && keep.test(j)).toList());
  }
}

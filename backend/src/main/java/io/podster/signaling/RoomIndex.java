package io.podster.signaling;

import io.podster.cluster.SharedMap;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.shareddata.AsyncMap;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Which peer ids are in a room, cluster-wide ({@code podster.room-peers}: roomId → [peerId, ...]),
 * so a join reads its room instead of every peer of the cluster. Changed by compare-and-set, so
 * nodes adding and removing at once never lose each other's change. An id may outlive its peer (a
 * node died between the two writes): readers check the peers map and prune it.
 *
 * <p>The ids are array values, never object keys: Jackson keeps every field name it parses in a
 * table shared by the whole process and copies that table into each parser that meets a new name,
 * so ever-new peer ids as keys made every JSON parse on the node copy up to a quarter megabyte.
 */
final class RoomIndex {
  /** Compare-and-set attempts before giving up: only that many writers racing on one room at once. */
  private static final int ATTEMPTS = 50;
  private final SharedMap<String, JsonArray> index;

  RoomIndex(Vertx vertx) {
    this.index = new SharedMap<>(vertx, Addresses.ROOMS_MAP);
  }

  Future<Set<String>> peers(String roomId) {
    return index.map().compose(m -> m.get(roomId)).map(ids -> ids == null ? Set.of() : asSet(ids));
  }

  /** Rooms listed: an emptied room's entry is removed, so this counts rooms with a peer. */
  Future<Integer> count() {
    return index.map().compose(AsyncMap::size);
  }

  Future<Void> add(String roomId, String peerId) {
    return change(roomId, ids -> ids.contains(peerId) ? ids : ids.copy().add(peerId), ATTEMPTS);
  }

  Future<Void> remove(String roomId, String peerId) {
    return change(roomId, ids -> ids.contains(peerId) ? removed(ids, peerId) : ids, ATTEMPTS);
  }

  private static Set<String> asSet(JsonArray ids) {
    return ids.stream().map(String.class::cast).collect(Collectors.toUnmodifiableSet());
  }

  private static JsonArray removed(JsonArray ids, String peerId) {
    JsonArray next = ids.copy();
    next.remove(peerId);
    return next;
  }

  private Future<Void> change(String roomId, UnaryOperator<JsonArray> change, int attempts) {
    return index.map().compose(
        m ->
            m.get(roomId)
                .compose(
                    old -> {
                      JsonArray before = old == null ? new JsonArray() : old;
                      JsonArray after = change.apply(before);
                      if (after == before) {
                        return Future.succeededFuture(true);
                      }
                      if (old == null) {
                        return m.putIfAbsent(roomId, after).map(previous -> previous == null);
                      }
                      // An empty room's entry goes, so rooms long over leave nothing behind.
                      return after.isEmpty() ? m.removeIfPresent(roomId, old) : m.replaceIfPresent(roomId, old, after);
                    })
                .compose(
                    done -> {
                      if (done) {
                        return Future.<Void>succeededFuture();
                      }
                      if (attempts <= 1) {
                        return Future.<Void>failedFuture(new IllegalStateException("room index of " + roomId + " kept changing"));
                      }
                      return change(roomId, change, attempts - 1);
                    }));
  }
}

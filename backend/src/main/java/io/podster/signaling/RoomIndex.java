package io.podster.signaling;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Which peer ids are in a room, cluster-wide ({@code podster.rooms}: roomId → {peerId: true}), so a
 * join reads its room instead of every peer of the cluster. Changed by compare-and-set, so nodes
 * adding and removing at once never lose each other's change. An id may outlive its peer (a node
 * died between the two writes): readers check the peers map and prune it.
 */
final class RoomIndex {
  /** Compare-and-set attempts before giving up: only that many writers racing on one room at once. */
  private static final int ATTEMPTS = 50;
  private final Future<AsyncMap<String, JsonObject>> map;

  RoomIndex(Vertx vertx) {
    this.map = vertx.sharedData().getAsyncMap(Addresses.ROOMS_MAP);
  }

  Future<Set<String>> peers(String roomId) {
    return map.compose(m -> m.get(roomId)).map(j -> j == null ? Set.of() : Set.copyOf(j.fieldNames()));
  }

  Future<Void> add(String roomId, String peerId) {
    return change(roomId, ids -> ids.containsKey(peerId) ? ids : ids.copy().put(peerId, true), ATTEMPTS);
  }

  Future<Void> remove(String roomId, String peerId) {
    return change(roomId, ids -> ids.containsKey(peerId) ? removed(ids, peerId) : ids, ATTEMPTS);
  }

  private static JsonObject removed(JsonObject ids, String peerId) {
    JsonObject next = ids.copy();
    next.remove(peerId);
    return next;
  }

  private Future<Void> change(String roomId, UnaryOperator<JsonObject> change, int attempts) {
    return map.compose(
        m ->
            m.get(roomId)
                .compose(
                    old -> {
                      JsonObject before = old == null ? new JsonObject() : old;
                      JsonObject after = change.apply(before);
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

package io.podster.cluster;

import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * {@code GET /health/cluster} (admin listener): {@code {nodeId, members, size, configured, rooms,
 * sockets, nodes}} as this node sees them; {@code size} is how many members it sees and
 * {@code configured} how many {@code PODSTER_CLUSTER_MEMBERS} names (itself included), for an
 * operator to judge the cluster (readiness does not: a lone survivor still serves); {@code nodes}
 * lists every member with its cluster address and its own rooms and sockets, asked over the event
 * bus (null when a member does not answer within a second).
 */
public final class ClusterHealthRoute {
  private static final long ASK_TIMEOUT_MS = 1000;
  private final ClusterView view;
  private final Supplier<Future<Integer>> rooms;
  private final IntSupplier localRooms;
  private final IntSupplier sockets;
  private final int configured;

  /**
   * @param rooms rooms with at least one connected peer, cluster-wide
   * @param localRooms rooms with a peer on this node
   * @param sockets open signaling sockets on this node
   * @param configured members the node was configured with, itself included
   */
  public ClusterHealthRoute(
      ClusterView view, Supplier<Future<Integer>> rooms, IntSupplier localRooms, IntSupplier sockets, int configured) {
    this.configured = configured;
    this.view = view;
    this.rooms = rooms;
    this.localRooms = localRooms;
    this.sockets = sockets;
  }

  /** Outside signaling's {@code podster.node.} addresses, so a health check is not timed as a relayed signal. */
  static String statsAddress(String nodeId) {
    return "podster.cluster.stats." + nodeId;
  }

  public void mount(Router router) {
    // Registered locally: only this node answers for itself.
    view.vertx()
        .eventBus()
        .<JsonObject>consumer(
            statsAddress(view.nodeId()),
            m -> m.reply(new JsonObject().put("rooms", localRooms.getAsInt()).put("sockets", sockets.getAsInt())));
    router
        .get("/health/cluster")
        .handler(
            ctx ->
                Future.all(rooms.get(), nodes())
                    .onSuccess(
                        all ->
                            ctx.json(
                                new JsonObject()
                                    .put("nodeId", view.nodeId())
                                    .put("members", new JsonArray(view.members()))
                                    .put("size", view.members().size())
                                    .put("configured", configured)
                                    .put("rooms", all.<Integer>resultAt(0))
                                    .put("sockets", sockets.getAsInt())
                                    .put("nodes", all.<JsonArray>resultAt(1))))
                    .onFailure(ctx::fail));
  }

  private Future<JsonArray> nodes() {
    List<Future<JsonObject>> asks =
        view.memberDetails().stream()
            .map(
                m -> {
                  JsonObject base = new JsonObject().put("nodeId", m.nodeId()).put("address", m.address()).put("self", m.self());
                  return view.vertx()
                      .eventBus()
                      .<JsonObject>request(statsAddress(m.nodeId()), new JsonObject(), new DeliveryOptions().setSendTimeout(ASK_TIMEOUT_MS))
                      .map(reply -> base.mergeIn(reply.body()))
                      .otherwise(e -> base.put("rooms", (Integer) null).put("sockets", (Integer) null));
                })
            .toList();
    return Future.all(asks).map(f -> new JsonArray(f.list()));
  }
}

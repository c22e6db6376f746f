package io.podster.cluster;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/** {@code GET /health/cluster}: {@code {nodeId, members, rooms, sockets}} as this node sees them. */
public final class ClusterHealthRoute {
  private final ClusterView view;
  private final Supplier<Future<Integer>> rooms;
  private final IntSupplier sockets;

  /**
   * @param rooms rooms with at least one connected peer, cluster-wide
   * @param sockets open signaling sockets on this node
   */
  public ClusterHealthRoute(ClusterView view, Supplier<Future<Integer>> rooms, IntSupplier sockets) {
    this.view = view;
    this.rooms = rooms;
    this.sockets = sockets;
  }

  public void mount(Router router) {
    router
        .get("/health/cluster")
        .handler(
            ctx ->
                rooms
                    .get()
                    .onSuccess(
                        n ->
                            ctx.json(
                                new JsonObject()
                                    .put("nodeId", view.nodeId())
                                    .put("members", new JsonArray(view.members()))
                                    .put("rooms", n)
                                    .put("sockets", sockets.getAsInt())))
                    .onFailure(ctx::fail));
  }
}

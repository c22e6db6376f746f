package io.podster.cluster;

import io.podster.config.PodsterConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/** Creates the node's Vert.x: plain, or clustered over Hazelcast with the event bus on the cluster host. */
public final class ClusterBootstrap {
  private ClusterBootstrap() {}

  public static Future<ClusterView> start(PodsterConfig.Cluster cluster) {
    if (!cluster.enabled()) {
      return Future.succeededFuture(new ClusterView(Vertx.vertx(), null));
    }
    HazelcastClusterManager manager = new HazelcastClusterManager(HazelcastSettings.of(cluster));
    VertxOptions options = new VertxOptions();
    options.getEventBusOptions().setHost(cluster.host()).setClusterPublicHost(cluster.host()).setPort(0);
    return Vertx.builder()
        .with(options)
        .withClusterManager(manager)
        .buildClustered()
        .map(vertx -> new ClusterView(vertx, manager));
  }
}

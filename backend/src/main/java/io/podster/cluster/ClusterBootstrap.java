package io.podster.cluster;

import io.micrometer.core.instrument.MeterRegistry;
import io.podster.config.PodsterConfig;
import io.vertx.core.Future;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.UUID;

/**
 * Creates the node's Vert.x: plain, or clustered over Hazelcast with the event bus on the cluster
 * host; Vert.x reports its own metrics (HTTP, event bus, pools) into the node's registry.
 */
public final class ClusterBootstrap {
  private ClusterBootstrap() {}

  public static Future<ClusterView> start(PodsterConfig.Cluster cluster, MeterRegistry registry) {
    // Linux's epoll instead of NIO where the native library loads (Vert.x falls back to NIO elsewhere).
    VertxOptions options = new VertxOptions().setPreferNativeTransport(true);
    // A registry name of its own: several nodes in one JVM (tests) must not share Vert.x's backend.
    options.setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true).setRegistryName("podster-" + UUID.randomUUID()));
    VertxBuilder builder = io.vertx.core.Vertx.builder().withMetrics(new MicrometerMetricsFactory(registry));
    if (!cluster.enabled()) {
      return Future.succeededFuture(new ClusterView(builder.with(options).build(), null));
    }
    HazelcastClusterManager manager = new HazelcastClusterManager(HazelcastSettings.of(cluster));
    options.getEventBusOptions().setHost(cluster.host()).setClusterPublicHost(cluster.host()).setPort(0);
    return builder
        .with(options)
        .withClusterManager(manager)
        .buildClustered()
        .map(vertx -> new ClusterView(vertx, manager));
  }
}

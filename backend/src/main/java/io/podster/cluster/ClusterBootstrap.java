package io.podster.cluster;

import io.micrometer.core.instrument.MeterRegistry;
import io.podster.config.PodsterConfig;
import io.vertx.core.Future;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.UUID;

/**
 * Creates the node's Vert.x: plain, or clustered over Hazelcast with the event bus on the cluster
 * host; Vert.x reports its own metrics (HTTP, event bus, pools) into the node's registry.
 */
public final class ClusterBootstrap {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ClusterBootstrap.class);
  private ClusterBootstrap() {}

  /** @param sharedSecret the secret every node of the cluster holds (the JWT key); unused when standalone */
  public static Future<ClusterView> start(PodsterConfig.Cluster cluster, String sharedSecret, MeterRegistry registry) {
    // Linux's epoll instead of NIO where the native library loads (Vert.x falls back to NIO elsewhere).
    VertxOptions options = new VertxOptions().setPreferNativeTransport(true);
    // A registry name of its own: several nodes in one JVM (tests) must not share Vert.x's backend.
    options.setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true).setRegistryName("podster-" + UUID.randomUUID()));
    VertxBuilder builder = io.vertx.core.Vertx.builder().withMetrics(new MicrometerMetricsFactory(registry));
    if (!cluster.enabled()) {
      return Future.succeededFuture(new ClusterView(builder.with(options).build(), null));
    }
    if (cluster.refusal() != null) {
      // ConfigParser already refuses this; a config built another way must not slip through.
      return Future.failedFuture(new IllegalStateException(cluster.refusal()));
    }
    if (cluster.tls() == null && cluster.insecure()) {
      log.warn("event bus between nodes is plain TCP on {} (PODSTER_CLUSTER_INSECURE=true): anyone who reaches port {} can send to this node",
          cluster.host(), cluster.busPort());
    }
    VerifiedClusterManager manager = new VerifiedClusterManager(HazelcastSettings.of(cluster), new ClusterSecret(sharedSecret));
    eventBus(options.getEventBusOptions(), cluster);
    return builder
        .with(options)
        .withClusterManager(manager)
        .buildClustered()
        .map(vertx -> new ClusterView(vertx, manager));
  }

  /**
   * The event bus on a fixed port (so a firewall rule can name it) and, with TLS, mutual: each node
   * presents its certificate and accepts only peers whose certificate the cluster CA signed. Host
   * names are not checked (nodes dial each other by address); the CA is what admits a node.
   */
  static void eventBus(EventBusOptions bus, PodsterConfig.Cluster cluster) {
    bus.setHost(cluster.host()).setClusterPublicHost(cluster.host()).setPort(cluster.busPort());
    PodsterConfig.Tls tls = cluster.tls();
    if (tls != null) {
      bus.setSsl(true)
          .setClientAuth(ClientAuth.REQUIRED)
          .setKeyCertOptions(new PemKeyCertOptions().setCertPath(tls.cert().toString()).setKeyPath(tls.key().toString()))
          .setTrustOptions(new PemTrustOptions().addCertPath(tls.ca().toString()));
    }
  }
}

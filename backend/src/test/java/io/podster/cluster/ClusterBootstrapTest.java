package io.podster.cluster;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.podster.config.PodsterConfig;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class ClusterBootstrapTest {
  @Test
  @EnabledOnOs(OS.LINUX)
  @DisplayName("on Linux the node's sockets run on the native epoll transport, not NIO")
  void nativeTransport() throws Exception {
    Vertx vertx =
        ClusterBootstrap.start(new PodsterConfig.Cluster(false, "127.0.0.1", 5701, List.of()), null, new SimpleMeterRegistry())
            .await(30, TimeUnit.SECONDS)
            .vertx();
    try {
      assertTrue(vertx.isNativeTransportEnabled(), () -> "native transport unavailable: " + vertx.unavailableNativeTransportCause());
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  @DisplayName("a node told to cluster on a non-loopback address without TLS or the insecure switch refuses to start")
  void refusesClearTextOnReachableAddress() {
    PodsterConfig.Cluster exposed = new PodsterConfig.Cluster(true, "10.0.0.11", 5701, List.of("10.0.0.12:5701"), 5702, null, false);
    Exception e =
        assertThrows(
            Exception.class,
            () -> ClusterBootstrap.start(exposed, "x".repeat(32), new SimpleMeterRegistry()).await(30, TimeUnit.SECONDS));
    assertTrue(e.getMessage().contains("10.0.0.11 is not a loopback address"), e.getMessage());
    assertTrue(e.getMessage().contains("PODSTER_CLUSTER_TLS_CERT") && e.getMessage().contains("PODSTER_CLUSTER_INSECURE=true"), e.getMessage());
    // The whole node, given such a config without the parser (which already refuses it).
    PodsterConfig c = io.podster.config.ConfigParser.parse(new io.vertx.core.json.JsonObject().put("PODSTER_JWT_SECRET", "x".repeat(32)));
    PodsterConfig withExposed =
        new PodsterConfig(c.http(), c.dataDir(), c.database(), c.storage(), exposed, c.ice(), c.limits(), c.jwtSecret(), c.quotaBytes(), c.uploadIdleAge(), c.ops());
    Exception node = assertThrows(Exception.class, () -> io.podster.PodsterNode.start(withExposed).await(30, TimeUnit.SECONDS));
    assertTrue(node.getMessage().contains("10.0.0.11 is not a loopback address"), node.getMessage());
  }
}

package io.podster.cluster;

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
}

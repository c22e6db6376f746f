package io.podster;

import com.hazelcast.config.Config;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A process on the cluster network that joins Podster's Hazelcast cluster as any stock Vert.x node
 * would: it knows the cluster name and the members, but holds neither the cluster certificate nor
 * the cluster secret. Its event bus is plain TCP, or TLS with a certificate of its own that trusts
 * anyone.
 */
public final class RogueMember {
  private RogueMember() {}

  public static Vertx join(List<String> members, boolean ownCertificate) {
    Config hz = ConfigUtil.loadConfig();
    hz.setClusterName("podster");
    hz.setProperty("hazelcast.phone.home.enabled", "false");
    hz.setProperty("hazelcast.logging.type", "slf4j");
    NetworkConfig net = hz.getNetworkConfig();
    int port = TestNode.freePort();
    net.setPort(port).setPortAutoIncrement(false).setPublicAddress("127.0.0.1:" + port);
    net.getInterfaces().setEnabled(true).setInterfaces(List.of("127.0.0.1"));
    net.getJoin().getMulticastConfig().setEnabled(false);
    net.getJoin().getAutoDetectionConfig().setEnabled(false);
    net.getJoin().getTcpIpConfig().setEnabled(true).setMembers(members);
    VertxOptions options = new VertxOptions();
    EventBusOptions bus = options.getEventBusOptions().setHost("127.0.0.1").setClusterPublicHost("127.0.0.1").setPort(0);
    if (ownCertificate) {
      SelfSignedCertificate cert = SelfSignedCertificate.create("rogue");
      bus.setSsl(true).setKeyCertOptions(cert.keyCertOptions()).setTrustAll(true);
    }
    try {
      return Vertx.builder().with(options).withClusterManager(new HazelcastClusterManager(hz)).buildClustered()
          .await(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the rogue member did not join", e);
    }
  }
}

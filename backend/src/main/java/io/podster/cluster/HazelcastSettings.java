package io.podster.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.podster.config.PodsterConfig;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import java.util.List;

/**
 * Hazelcast as Podster runs it: Vert.x's default maps and multimaps, TCP/IP join on the
 * configured members only, bound to one address, no multicast or cloud auto-detection, and
 * failure detection fast enough to announce a dead node's peers within seconds.
 */
final class HazelcastSettings {
  private HazelcastSettings() {}

  static Config of(PodsterConfig.Cluster cluster) {
    Config hz = ConfigUtil.loadConfig();
    hz.setClusterName("podster");
    hz.setProperty("hazelcast.phone.home.enabled", "false");
    hz.setProperty("hazelcast.socket.bind.any", "false");
    hz.setProperty("hazelcast.wait.seconds.before.join", "0");
    hz.setProperty("hazelcast.logging.type", "slf4j");
    // The node leaves the cluster itself, after its sockets are closed and their peers announced;
    // Hazelcast's own SIGTERM hook would leave at once, in parallel.
    hz.setProperty("hazelcast.shutdownhook.enabled", "false");
    // A member silent for 5 s is removed: peers on a crashed node are announced well within 10 s.
    hz.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    hz.setProperty("hazelcast.max.no.heartbeat.seconds", "5");
    NetworkConfig net = hz.getNetworkConfig();
    net.setPort(cluster.port()).setPortAutoIncrement(false);
    net.setPublicAddress(cluster.host() + ":" + cluster.port());
    net.getInterfaces().setEnabled(true).setInterfaces(List.of(cluster.host()));
    JoinConfig join = net.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(cluster.members());
    return hz;
  }
}

package io.podster;

import io.vertx.core.net.SelfSignedCertificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Real clustered nodes on loopback (Hazelcast TCP/IP join on free ports, one shared JWT secret),
 * sharing the first node's database, as several VPSs share one PostgreSQL.
 */
public final class TestCluster implements AutoCloseable {
  private static final String SECRET = "test-cluster-secret-test-cluster-secret-0123456789";
  private final List<TestNode> nodes = new ArrayList<>();

  private TestCluster() {}

  public static TestCluster start(int size, Map<String, String> extra) {
    List<String> members = new ArrayList<>();
    int[] ports = new int[size];
    for (int i = 0; i < size; i++) {
      ports[i] = TestNode.freePort();
      members.add("127.0.0.1:" + ports[i]);
    }
    TestCluster cluster = new TestCluster();
    try {
      for (int port : ports) {
        Map<String, String> env = new HashMap<>(extra);
        env.put("PODSTER_CLUSTER", "true");
        env.put("PODSTER_CLUSTER_HOST", "127.0.0.1");
        env.put("PODSTER_CLUSTER_PORT", String.valueOf(port));
        env.put("PODSTER_CLUSTER_BUS_PORT", String.valueOf(TestNode.freePort()));
        env.put("PODSTER_CLUSTER_MEMBERS", String.join(",", members));
        env.put("PODSTER_JWT_SECRET", SECRET);
        env.putIfAbsent("PODSTER_SIGNUPS_PER_ADDRESS", "10000");
        if (!cluster.nodes.isEmpty()) {
          TestNode first = cluster.nodes.get(0);
          env.put("PODSTER_DB_URL", first.node().config().database().url());
          env.put("PODSTER_DB_USER", first.node().config().database().user());
        }
        cluster.nodes.add(TestNode.start(env));
      }
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /**
   * The three {@code PODSTER_CLUSTER_TLS_*} variables for a certificate made now (a self-signed one,
   * so it is its own CA), shared by every node the map is given to. Its files are temporary.
   */
  public static Map<String, String> tls() {
    SelfSignedCertificate cert = SelfSignedCertificate.create("podster-node");
    return Map.of(
        "PODSTER_CLUSTER_TLS_CERT", cert.certificatePath(),
        "PODSTER_CLUSTER_TLS_KEY", cert.privateKeyPath(),
        "PODSTER_CLUSTER_TLS_CA", cert.certificatePath());
  }

  /** The Hazelcast members the nodes were started with (what an intruder would join). */
  public List<String> members() {
    return nodes.get(0).node().config().cluster().members();
  }

  public List<TestNode> nodes() {
    return nodes;
  }

  public TestNode node(int i) {
    return nodes.get(i);
  }

  /** Stops the nodes, last first (the first owns the shared database); a crashed one may not stop cleanly. */
  @Override
  public void close() {
    for (int i = nodes.size() - 1; i >= 0; i--) {
      try {
        nodes.get(i).close();
      } catch (RuntimeException e) {
        // Already crashed by the test.
      }
    }
  }
}

package io.podster;

import java.nio.file.Files;
import java.nio.file.Path;
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
   * The three {@code PODSTER_CLUSTER_TLS_*} variables for a node certificate that a cluster CA made
   * now signed, as an operator makes them ({@code infra/cluster/certs}); every node the map is
   * given to presents it. The files live in a temporary directory.
   */
  public static Map<String, String> tls() {
    try {
      Path dir = Files.createTempDirectory("podster-cluster-ca");
      Tools.require("openssl", "openssl");
      for (List<String> args : List.of(List.of("ca", dir.toString()), List.of("node", dir.toString(), "node", "127.0.0.1"))) {
        List<String> command = new ArrayList<>(List.of("bash", "../infra/cluster/certs"));
        command.addAll(args);
        Tools.Result r = Tools.run(60, command.toArray(String[]::new));
        if (r.exit() != 0) {
          throw new IllegalStateException("infra/cluster/certs " + args + " failed: " + r.output());
        }
      }
      return Map.of(
          "PODSTER_CLUSTER_TLS_CERT", dir.resolve("node.pem").toString(),
          "PODSTER_CLUSTER_TLS_KEY", dir.resolve("node.key").toString(),
          "PODSTER_CLUSTER_TLS_CA", dir.resolve("ca.pem").toString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
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

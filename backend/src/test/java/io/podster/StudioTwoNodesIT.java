package io.podster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The studio across two packaged jars clustered on loopback ({@code spa/e2e/studio-two-nodes.mjs}):
 * one PostgreSQL database and one object store (node A's embedded store, node B pointed at it),
 * one public origin, the host's browser on node A and the guest's on node B, as a load balancer
 * could place them. Signaling, takes and uploads all cross the event bus.
 */
class StudioTwoNodesIT {
  private static final String PUBLIC_HOST = "podster.test";
  private static final String JWT_SECRET = "two-nodes-secret-two-nodes-secret-0123456789";

  @Test
  @DisplayName("a host on one node and a guest on another see each other, record a take, and the host downloads both tracks")
  void studioAcrossNodes(@TempDir Path dir) throws Exception {
    int portA = TestNode.freePort();
    int portB = TestNode.freePort();
    int storePort = TestNode.freePort();
    int clusterA = TestNode.freePort();
    int clusterB = TestNode.freePort();
    // Both nodes answer for one origin: the browsers' host-resolver rules send it to one node each.
    String publicUrl = "http://" + PUBLIC_HOST + ":" + portA;
    try (ThrowawayDatabase db = ThrowawayDatabase.postgres()) {
      List<Map<String, String>> env = JarProcess.clusteredPair(publicUrl, db.url(), JWT_SECRET, storePort, clusterA, clusterB);
      Map<String, String> a = env.get(0);
      Map<String, String> b = env.get(1);
      try (JarProcess nodeA = JarProcess.start(Files.createDirectory(dir.resolve("a")), portA, a)) {
        // Node B checks the shared store at start: A serves HTTP only once its store runs.
        nodeA.awaitLive();
        try (JarProcess nodeB = JarProcess.start(Files.createDirectory(dir.resolve("b")), portB, b)) {
          nodeA.awaitReady();
          nodeB.awaitReady();
          List<String> args = List.of(publicUrl, nodeA.baseUrl(), nodeB.baseUrl(), nodeA.adminUrl(), nodeB.adminUrl());
          String out = BrowserScript.run("studio-two-nodes.mjs", args, dir, 150);
          assertTrue(out.contains("e2e studio across two nodes: passed"), out);
        }
      }
    }
  }
}

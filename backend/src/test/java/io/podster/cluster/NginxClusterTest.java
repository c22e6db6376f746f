package io.podster.cluster;

import static io.podster.signaling.SignalingFixture.guest;
import static io.podster.signaling.SignalingFixture.host;
import static io.podster.signaling.SignalingFixture.newRoom;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podster.Browser;
import io.podster.Nginx;
import io.podster.TestCluster;
import io.podster.TestNode;
import io.podster.signaling.WsPeer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Three clustered nodes behind Debian's nginx running the shipped config, clients only through
 * nginx. By method name: the operator-paths check runs while all three nodes are up.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.MethodName.class)
class NginxClusterTest {
  static final List<TestNode> nodes = new ArrayList<>();
  static TestCluster cluster;
  static final Map<String, TestNode> byId = new HashMap<>();
  static Nginx nginx;
  static Vertx clients;

  @BeforeAll
  static void start() throws Exception {
    cluster = TestCluster.start(3, Map.of("PODSTER_TRUSTED_PROXIES", "127.0.0.1"));
    for (TestNode n : cluster.nodes()) {
      nodes.add(n);
      byId.put(n.node().cluster().nodeId(), n);
    }
    nginx = Nginx.start(nodes.stream().map(n -> n.node().httpPort()).toList());
    clients = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    if (clients != null) {
      clients.close().await(10, TimeUnit.SECONDS);
    }
    if (nginx != null) {
      nginx.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  /** Which node holds each open socket, from the cluster's own view (/health/cluster nodes). */
  static Map<String, Integer> socketsByNode(TestNode asked) {
    JsonArray list = asked.adminJson("/health/cluster").getJsonArray("nodes");
    Map<String, Integer> out = new HashMap<>();
    for (Object o : list) {
      JsonObject n = (JsonObject) o;
      out.put(n.getString("nodeId"), n.getInteger("sockets") == null ? 0 : n.getInteger("sockets"));
    }
    return out;
  }

  static TestNode byId(String nodeId) {
    return byId.get(nodeId);
  }

  /** Connects through nginx until the socket lands on a node not in {@code avoid}; returns the node. */
  static Landed connectAvoiding(Browser b, TestNode asked, Set<String> avoid) {
    for (int attempt = 0; attempt < 12; attempt++) {
      Map<String, Integer> before = socketsByNode(asked);
      WsPeer p = WsPeer.connect(clients, nginx.port(), b);
      Map<String, Integer> after = socketsByNode(asked);
      String landed =
          after.entrySet().stream()
              .filter(e -> e.getValue() > before.getOrDefault(e.getKey(), 0))
              .map(Map.Entry::getKey)
              .findFirst()
              .orElse(null);
      if (landed != null && !avoid.contains(landed)) {
        return new Landed(p, landed);
      }
      p.close();
    }
    throw new AssertionError("nginx never spread sockets across nodes");
  }

  record Landed(WsPeer peer, String nodeId) {}

  @Test
  @DisplayName("through nginx, every spelling of /metrics and /health/cluster answers 404; the admin listeners serve them")
  void operatorEndpointsHidden() throws Exception {
    // HTTP/1.1 as browsers speak it to nginx (the JDK client would otherwise offer an h2c upgrade).
    java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
    for (String path : new String[] {
        "/metrics", "/metrics/", "/METRICS", "//metrics", "/metrics?x", "/metrics%2F", "/%6Detrics", "/./metrics",
        "/metrics;x", "/health/cluster", "/health/cluster/", "/Health/Cluster", "//health//cluster", "/health/%63luster",
        "/health/./cluster", "/health/cluster?x"}) {
      var r = http.send(
          java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + nginx.port() + path)).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals(404, r.statusCode(), path + " through nginx: " + r.body());
      assertTrue(r.body().contains("nginx"), path + " got past nginx's own block: " + r.body());
      assertTrue(!r.body().contains("podster_") && !r.body().contains("nodeId"), path + " leaked " + r.body());
    }
    assertEquals(200, nodes.get(0).admin().get("/metrics").send().await(10, TimeUnit.SECONDS).statusCode());
    var ready = http.send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + nginx.port() + "/health/ready")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(200, ready.statusCode(), "readiness stays reachable for the load balancer");
  }

  @Test
  @DisplayName("through nginx: peers on different nodes signal; a graceful stop sends 1012 and the peer resumes on another node with its id; a killed node's peers are announced left")
  void throughNginx() throws Exception {
    TestNode n1 = nodes.get(0);
    JsonObject health = n1.adminJson("/health/cluster");
    assertEquals(3, health.getJsonArray("nodes").size(), health.encode());
    for (Object o : health.getJsonArray("nodes")) {
      assertTrue(((JsonObject) o).getString("address").startsWith("127.0.0.1:"), health.encode());
    }

    Browser h = host(n1);
    JsonObject room = newRoom(h);
    String roomId = room.getString("id");
    Browser two = guest(n1, room, "Two");
    Browser three = guest(n1, room, "Three");
    Landed a = connectAvoiding(h, n1, Set.of());
    Landed b = connectAvoiding(two, n1, Set.of(a.nodeId()));
    Landed c = connectAvoiding(three, n1, Set.of(a.nodeId(), b.nodeId()));
    assertEquals(3, Set.of(a.nodeId(), b.nodeId(), c.nodeId()).size());

    a.peer().join(roomId);
    b.peer().join(roomId);
    c.peer().join(roomId);
    a.peer().next("peer-joined");
    a.peer().next("peer-joined");
    b.peer().next("peer-joined");
    JsonObject offer = new JsonObject().put("description", new JsonObject().put("type", "offer").put("sdp", "v=0 nginx"));
    a.peer().send(new JsonObject().put("type", "signal").put("to", b.peer().peerId).put("data", offer));
    JsonObject got = b.peer().next("signal");
    assertEquals(a.peer().peerId, got.getString("from"));
    assertEquals(offer, got.getJsonObject("data"));
    b.peer().send(new JsonObject().put("type", "signal").put("to", a.peer().peerId).put("data", offer));
    assertEquals(b.peer().peerId, a.peer().next("signal").getString("from"));

    // b's signal crossed from b's node to a's: a's node timed it.
    String scraped = byId(a.nodeId()).admin().get("/metrics").send().await(10, TimeUnit.SECONDS).bodyAsString();
    assertTrue(
        scraped.lines().anyMatch(l -> l.startsWith("podster_relay_cross_node_seconds_count") && !l.endsWith(" 0") && !l.endsWith(" 0.0")),
        "cross-node relay latency was not recorded");

    // Graceful stop of b's node: 1012, then b reconnects through nginx to a live node and resumes
    // its peer id; the room hears neither peer-left nor peer-joined, so nobody renegotiates.
    String bId = b.peer().peerId;
    String token = b.peer().joined.getString("resumeToken");
    long stopAt = System.nanoTime();
    byId(b.nodeId()).node().stop().await(15, TimeUnit.SECONDS);
    long stopMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopAt);
    assertEquals(1012, b.peer().closeCode(5000));
    WsPeer back = WsPeer.connect(clients, nginx.port(), two);
    back.join(new JsonObject().put("type", "join").put("roomId", roomId).put("resumeToken", token));
    assertEquals(bId, back.peerId);
    a.peer().assertNone("peer-left", 1_000);
    a.peer().send(new JsonObject().put("type", "signal").put("to", bId).put("data", offer));
    assertEquals(a.peer().peerId, back.next("signal").getString("from"));
    System.out.println("graceful stop of a node took " + stopMs + " ms");
    assertTrue(stopMs < 10_000, "graceful stop took " + stopMs + " ms");

    // Crash c's node (its Hazelcast member dies without a word): the others announce c left.
    String cId = c.peer().peerId;
    long crashedAt = System.currentTimeMillis();
    byId(c.nodeId()).node().cluster().manager().getHazelcastInstance().getLifecycleService().terminate();
    JsonObject left = a.peer().await(m -> "peer-left".equals(m.getString("type")) && cId.equals(m.getString("peerId")), 10_000);
    assertEquals(cId, left.getString("peerId"));
    System.out.println("crashed node's peer announced left through nginx after " + (System.currentTimeMillis() - crashedAt) + " ms");
    assertNotEquals(a.nodeId(), c.nodeId());
    // a's node now sees 2 of its 3 configured members: still a member, so still ready (no quorum rule).
    var ready = byId(a.nodeId()).client().get("/health/ready").send().await(10, TimeUnit.SECONDS);
    assertEquals(200, ready.statusCode(), ready.bodyAsString());
    back.close();
    a.peer().close();
    c.peer().close();
  }
}

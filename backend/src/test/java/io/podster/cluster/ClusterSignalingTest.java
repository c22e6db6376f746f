package io.podster.cluster;

import static io.podster.signaling.SignalingFixture.guest;
import static io.podster.signaling.SignalingFixture.host;
import static io.podster.signaling.SignalingFixture.newRoom;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podster.Browser;
import io.podster.TestCluster;
import io.podster.TestNode;
import io.podster.signaling.WsPeer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Three real clustered nodes on loopback (Hazelcast TCP/IP join, mutual TLS event bus), one shared database. */
class ClusterSignalingTest {
  /** Long enough for a stopped node's peer to resume elsewhere, short enough to wait out. */
  static final int GRACE_SECONDS = 8;
  static final List<TestNode> nodes = new ArrayList<>();
  static TestCluster cluster;
  static Vertx clients;

  @BeforeAll
  static void start() {
    // Mutual TLS between the nodes, as a production cluster runs.
    Map<String, String> env = new java.util.HashMap<>(TestCluster.tls());
    env.put("PODSTER_RESUME_GRACE_SECONDS", String.valueOf(GRACE_SECONDS));
    cluster = TestCluster.start(3, env);
    nodes.addAll(cluster.nodes());
    clients = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    clients.close().await(10, TimeUnit.SECONDS);
    cluster.close();
  }

  static WsPeer ws(TestNode n, Browser b) {
    return WsPeer.connect(clients, n.node().httpPort(), b);
  }

  @Test
  @DisplayName("peers on three nodes exchange offer/answer/candidates; a crashed node's peers are announced left within 10 s; a graceful stop sends 1012, one peer resumes elsewhere, the other is announced left when its grace runs out")
  void acrossNodes() throws Exception {
    TestNode n1 = nodes.get(0);
    TestNode n2 = nodes.get(1);
    TestNode n3 = nodes.get(2);
    JsonObject health = n1.adminJson("/health/cluster");
    assertEquals(3, health.getJsonArray("members").size(), health.encode());

    Browser h = host(n1);
    JsonObject room = newRoom(h);
    String roomId = room.getString("id");
    WsPeer a = ws(n1, h);
    Browser two = guest(n2, room, "Two");
    WsPeer b = ws(n2, two);
    WsPeer c = ws(n3, guest(n3, room, "Three"));
    a.join(roomId);
    assertEquals(1, b.join(roomId).getJsonArray("peers").size());
    assertEquals(b.peerId, a.next("peer-joined").getJsonObject("peer").getString("peerId"));
    Set<String> seenByC =
        c.join(roomId).getJsonArray("peers").stream()
            .map(p -> ((JsonObject) p).getString("peerId"))
            .collect(Collectors.toSet());
    assertEquals(Set.of(a.peerId, b.peerId), seenByC);
    assertEquals(c.peerId, a.next("peer-joined").getJsonObject("peer").getString("peerId"));
    assertEquals(c.peerId, b.next("peer-joined").getJsonObject("peer").getString("peerId"));

    JsonObject offer = new JsonObject().put("description", new JsonObject().put("type", "offer").put("sdp", "v=0 a"));
    JsonObject answer = new JsonObject().put("description", new JsonObject().put("type", "answer").put("sdp", "v=0 b"));
    JsonObject candidate = new JsonObject().put("candidate", new JsonObject().put("candidate", "candidate:1 1 udp 1 127.0.0.1 9 typ host"));
    a.send(new JsonObject().put("type", "signal").put("to", b.peerId).put("data", offer));
    JsonObject got = b.next("signal");
    assertEquals(a.peerId, got.getString("from"));
    assertEquals(offer, got.getJsonObject("data"));
    b.send(new JsonObject().put("type", "signal").put("to", a.peerId).put("data", answer));
    assertEquals(answer, a.next("signal").getJsonObject("data"));
    c.send(new JsonObject().put("type", "signal").put("to", a.peerId).put("data", candidate));
    JsonObject fromC = a.next("signal");
    assertEquals(c.peerId, fromC.getString("from"));
    assertEquals(candidate, fromC.getJsonObject("data"));
    a.send(new JsonObject().put("type", "signal").put("to", c.peerId).put("data", candidate));
    assertEquals(a.peerId, c.next("signal").getString("from"));

    // b leaves and comes back: node 1 relayed to b a moment ago, yet answers unknown_peer now.
    b.send(new JsonObject().put("type", "leave"));
    assertEquals(b.peerId, a.next("peer-left").getString("peerId"));
    c.next("peer-left");
    a.send(new JsonObject().put("type", "signal").put("to", b.peerId).put("data", offer));
    a.expectError("unknown_peer");
    b.join(roomId);
    assertEquals(b.peerId, a.next("peer-joined").getJsonObject("peer").getString("peerId"));
    c.next("peer-joined");
    a.send(new JsonObject().put("type", "signal").put("to", b.peerId).put("data", offer));
    assertEquals(a.peerId, b.next("signal").getString("from"));

    c.send(new JsonObject().put("type", "chat").put("text", "hello from node 3"));
    assertEquals("hello from node 3", a.next("chat").getString("text"));
    assertEquals("hello from node 3", b.next("chat").getString("text"));
    JsonObject h1 = n1.adminJson("/health/cluster");
    assertEquals(1, h1.getInteger("sockets"));
    assertTrue(h1.getInteger("rooms") >= 1);

    // Crash node 3: its Hazelcast member dies without a word, its sockets are never closed.
    long crashedAt = System.currentTimeMillis();
    n3.node().cluster().manager().getHazelcastInstance().getLifecycleService().terminate();
    assertEquals(c.peerId, a.await(m -> "peer-left".equals(m.getString("type")), 10_000).getString("peerId"));
    assertEquals(c.peerId, b.await(m -> "peer-left".equals(m.getString("type")), 10_000).getString("peerId"));
    long announcedAfter = System.currentTimeMillis() - crashedAt;
    assertTrue(announcedAfter < 10_000, "announced after " + announcedAfter + " ms");
    System.out.println("crashed node's peer announced left after " + announcedAfter + " ms");

    // Graceful stop of node 2: its sockets close with 1012. b comes back on node 1 with its resume
    // token, keeping its id; the room hears neither peer-left nor peer-joined. d does not come back:
    // its grace timer stopped with node 2, so the other nodes announce it when the grace runs out.
    WsPeer d = ws(n2, guest(n2, room, "Four"));
    d.join(roomId);
    assertEquals(d.peerId, a.next("peer-joined").getJsonObject("peer").getString("peerId"));
    String token = b.joined.getString("resumeToken");
    String bId = b.peerId;
    long stopping = System.currentTimeMillis();
    n2.node().stop().await(30, TimeUnit.SECONDS);
    System.out.println("graceful stop took " + (System.currentTimeMillis() - stopping) + " ms");
    assertEquals(1012, b.closeCode(5000));
    assertEquals(1012, d.closeCode(5000));
    try (WsPeer back = ws(n1, two)) {
      back.join(new JsonObject().put("type", "join").put("roomId", roomId).put("resumeToken", token));
      assertEquals(bId, back.peerId);
      a.send(new JsonObject().put("type", "signal").put("to", bId).put("data", candidate));
      assertEquals(a.peerId, back.next("signal").getString("from"));
      JsonObject left = a.await(m -> !"signal".equals(m.getString("type")), GRACE_SECONDS * 1000L + 10_000);
      assertEquals("peer-left", left.getString("type"), left.encode());
      assertEquals(d.peerId, left.getString("peerId"), "the first departure heard is d's, not the resumed b's");
      long after = System.currentTimeMillis() - stopping;
      assertTrue(after >= GRACE_SECONDS * 1000L, "announced only once the grace ran out, after " + after + " ms");
      assertEquals(d.peerId, back.next("peer-left").getString("peerId"));
    }
    d.close();
    c.close();
    b.close();
    a.close();
  }
}

package io.podster.signaling;

import static io.podster.signaling.SignalingFixture.guest;
import static io.podster.signaling.SignalingFixture.host;
import static io.podster.signaling.SignalingFixture.newRoom;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.podster.Browser;
import io.podster.TestCluster;
import io.podster.TestNode;
import io.podster.cluster.Crash;
import io.podster.signaling.Loops.Landed;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A room spanning two loops of one node and two loops of another, clustered over real Hazelcast on loopback. */
class ClusterLoopsTest {
  @Test
  @DisplayName("peers on two loops of each of two nodes see each other, signal in order across loops and nodes, are counted per node, and a crashed node's peers on both its loops are announced left")
  void roomAcrossLoopsAndNodes() throws Exception {
    Vertx clients = Vertx.vertx();
    try (TestCluster cluster = TestCluster.start(2, Map.of("PODSTER_EVENT_LOOPS", "2", "PODSTER_RESUME_GRACE_SECONDS", "30"))) {
      TestNode one = cluster.node(0);
      TestNode two = cluster.node(1);
      Browser h = host(one);
      JsonObject room = newRoom(h);
      String roomId = room.getString("id");
      Landed a = Loops.connectOn(clients, one, h, l -> true);
      Landed b = Loops.connectAvoiding(clients, one, guest(one, room, "Two"), a);
      Landed c = Loops.connectOn(clients, two, guest(two, room, "Three"), l -> true);
      Landed d = Loops.connectAvoiding(clients, two, guest(two, room, "Four"), c);
      List<WsPeer> all = List.of(a.peer(), b.peer(), c.peer(), d.peer());
      try {
        Set<String> joined = new HashSet<>();
        for (WsPeer p : all) {
          Set<String> listed = new HashSet<>();
          p.join(roomId).getJsonArray("peers").forEach(x -> listed.add(((JsonObject) x).getString("peerId")));
          assertEquals(joined, listed, "a newcomer is told everyone already there");
          for (WsPeer earlier : all.subList(0, joined.size())) {
            assertEquals(p.peerId, earlier.next("peer-joined").getJsonObject("peer").getString("peerId"));
          }
          joined.add(p.peerId);
        }
        Loops.assertDistinctThreads(one, a, b);
        Loops.assertDistinctThreads(two, c, d);
        Set<String> endpoints = new HashSet<>();
        endpoints.add(Loops.assertEndpoint(one, a));
        endpoints.add(Loops.assertEndpoint(one, b));
        endpoints.add(Loops.assertEndpoint(two, c));
        endpoints.add(Loops.assertEndpoint(two, d));
        assertEquals(4, endpoints.size(), "four relay endpoints: " + endpoints);

        // Across loops of one node, then across nodes, both ways.
        Exchange.inOrder(a.peer(), b.peer(), 30);
        Exchange.inOrder(c.peer(), d.peer(), 30);
        Exchange.inOrder(b.peer(), c.peer(), 30);
        Exchange.inOrder(d.peer(), a.peer(), 30);
        d.peer().send(new JsonObject().put("type", "chat").put("text", "from the second node"));
        for (WsPeer p : List.of(a.peer(), b.peer(), c.peer())) {
          assertEquals("from the second node", p.next("chat").getString("text"));
        }

        JsonArray nodes = two.adminJson("/health/cluster").getJsonArray("nodes");
        for (Object o : nodes) {
          JsonObject n = (JsonObject) o;
          assertEquals(2, n.getInteger("sockets"), "each node counts the sockets of both its loops: " + nodes.encode());
          assertEquals(1, n.getInteger("rooms"), "one room, on two loops of each node: " + nodes.encode());
        }

        Crash.crash(two);
        Set<String> gone = Set.of(c.peer().peerId, d.peer().peerId);
        for (WsPeer survivor : List.of(a.peer(), b.peer())) {
          Set<String> heard = new HashSet<>();
          while (heard.size() < 2) {
            heard.add(survivor.await(m -> "peer-left".equals(m.getString("type")), 30_000).getString("peerId"));
          }
          assertEquals(gone, heard, "the crashed node's peers on both its loops are announced left");
        }
        Exchange.inOrder(a.peer(), b.peer(), 10);
      } finally {
        all.forEach(WsPeer::close);
      }
    } finally {
      clients.close().await(10, TimeUnit.SECONDS);
    }
  }
}

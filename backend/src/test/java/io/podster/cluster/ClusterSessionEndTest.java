package io.podster.cluster;

import static io.podster.signaling.SignalingFixture.guest;
import static io.podster.signaling.SignalingFixture.host;
import static io.podster.signaling.SignalingFixture.newRoom;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podster.Browser;
import io.podster.TestCluster;
import io.podster.TestNode;
import io.podster.signaling.WsPeer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A kick and a logout on one node close the user's sockets on the other. The grace period is
 * long, so a {@code peer-left} within seconds was announced at once.
 */
class ClusterSessionEndTest {
  /** The close code of a socket whose session ended (signaling's {@code Evictions.SESSION_ENDED}). */
  static final int SESSION_ENDED = 4002;
  static TestCluster cluster;
  static Vertx clients;

  @BeforeAll
  static void start() {
    cluster = TestCluster.start(2, Map.of("PODSTER_RESUME_GRACE_SECONDS", "60"));
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
  @DisplayName("a guest kicked on node 1 has its second tab on node 2 closed (kicked), is announced left once per tab, and its session is over on both nodes")
  void kickAcrossNodes() {
    TestNode n1 = cluster.node(0);
    TestNode n2 = cluster.node(1);
    Browser h = host(n1);
    JsonObject room = newRoom(h);
    String roomId = room.getString("id");
    Browser gb = guest(n1, room, "Two tabs");
    try (WsPeer a = ws(n1, h); WsPeer tab1 = ws(n1, gb); WsPeer tab2 = ws(n2, gb); WsPeer idle = ws(n2, gb)) {
      a.join(roomId);
      tab1.join(roomId);
      tab2.join(roomId);
      a.next("peer-joined");
      a.next("peer-joined");

      long kickedAt = System.currentTimeMillis();
      a.send(new JsonObject().put("type", "kick").put("peerId", tab1.peerId).put("id", "k"));
      for (WsPeer t : new WsPeer[] {tab1, tab2, idle}) {
        t.next("kicked");
        assertEquals(1000, t.closeCode(5000));
      }
      System.out.println("kick on node 1: the guest's tabs on node 2 closed after " + (System.currentTimeMillis() - kickedAt) + " ms");
      JsonObject first = a.next("peer-left");
      assertEquals(tab1.peerId, first.getString("peerId"));
      assertEquals("k", first.getString("id"));
      assertEquals(tab2.peerId, a.next("peer-left").getString("peerId"));
      a.assertNone("peer-left", 300);

      assertEquals(401, gb.get("/api/me").statusCode());
      Browser sameSessionOnNode2 = n2.browser();
      sameSessionOnNode2.setCookie("podster_session", gb.cookie("podster_session"));
      assertEquals(401, sameSessionOnNode2.get("/api/rooms/" + roomId).statusCode());
      try {
        ws(n2, gb).close();
        throw new AssertionError("the ended session opened a socket");
      } catch (IllegalStateException e) {
        assertTrue(String.valueOf(e.getCause()).contains("401"), String.valueOf(e.getCause()));
      }

      // The host renews the link on node 1, then again on node 2; old ones are refused at once.
      JsonObject renewed = h.post("/api/rooms/" + roomId + "/invite", null).bodyAsJsonObject().getJsonObject("room");
      Browser viaNode2 = n2.browser();
      viaNode2.setCookie("podster_session", h.cookie("podster_session"));
      viaNode2.setCookie("podster_csrf", h.cookie("podster_csrf"));
      JsonObject again = viaNode2.post("/api/rooms/" + roomId + "/invite", null).bodyAsJsonObject().getJsonObject("room");
      assertFalse(again.getString("inviteCode").equals(renewed.getString("inviteCode")));
      for (String old : new String[] {room.getString("inviteCode"), renewed.getString("inviteCode")}) {
        assertEquals(404, n1.browser().post("/api/invites/" + old + "/join", new JsonObject().put("displayName", "Back")).statusCode());
      }
      assertEquals(200, n1.browser().post("/api/invites/" + again.getString("inviteCode") + "/join", new JsonObject().put("displayName", "Invited")).statusCode());
    }
  }

  @Test
  @DisplayName("logout on node 1 closes that session's sockets on node 2 with 4002 (its peer announced left at once); a join sent right after never joins")
  void logoutAcrossNodes() {
    TestNode n1 = cluster.node(0);
    TestNode n2 = cluster.node(1);
    Browser h = host(n1);
    JsonObject room = newRoom(h);
    String roomId = room.getString("id");
    Browser user = n1.browser();
    user.signUp("c" + UUID.randomUUID().toString().substring(0, 8) + "@example.com", "password1", "Leaver");
    assertEquals(200, user.post("/api/invites/" + room.getString("inviteCode") + "/join", new JsonObject()).statusCode());
    try (WsPeer a = ws(n1, h); WsPeer joined = ws(n2, user); WsPeer late = ws(n2, user); WsPeer local = ws(n1, user)) {
      a.join(roomId);
      joined.join(roomId);
      a.next("peer-joined");

      long loggedOut = System.currentTimeMillis();
      assertEquals(204, user.post("/api/auth/logout", null).statusCode());
      late.send(new JsonObject().put("type", "join").put("roomId", roomId));
      for (WsPeer s : new WsPeer[] {joined, late, local}) {
        assertEquals(SESSION_ENDED, s.closeCode(5000));
      }
      long closedAfter = System.currentTimeMillis() - loggedOut;
      assertEquals(joined.peerId, a.next("peer-left").getString("peerId"));
      System.out.println("logout on node 1: the session's sockets on node 2 closed within " + closedAfter + " ms");
      late.assertNone("joined", 200);
      a.assertNone("peer-joined", 200);
    }
  }
}

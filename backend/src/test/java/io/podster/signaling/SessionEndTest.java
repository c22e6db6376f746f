package io.podster.signaling;

import static io.podster.signaling.SignalingFixture.guest;
import static io.podster.signaling.SignalingFixture.host;
import static io.podster.signaling.SignalingFixture.newRoom;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podster.Browser;
import io.podster.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Ended sessions and kicks close sockets on one node (the two-node case is in
 * {@code cluster/ClusterSessionEndTest}). The grace period is long, so a {@code peer-left} seen
 * within seconds was announced at once, not after a detached peer's grace ran out.
 */
class SessionEndTest {
  /** Close codes of {@code Evictions}, spelled out: the protocol's numbers are what clients see. */
  static final int SESSION_ENDED = 4002;
  static final int KICKED = 1000;
  static TestNode node;
  static Vertx clients;

  @BeforeAll
  static void start() {
    node = TestNode.start(Map.of("PODSTER_SIGNUPS_PER_ADDRESS", "10000", "PODSTER_RESUME_GRACE_SECONDS", "60"));
    clients = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    clients.close().await(10, TimeUnit.SECONDS);
    node.close();
  }

  static WsPeer ws(Browser b) {
    return WsPeer.connect(clients, node.node().httpPort(), b);
  }

  static Browser login(String email) {
    Browser b = node.browser();
    assertEquals(200, b.post("/api/auth/login", new JsonObject().put("email", email).put("password", "password1")).statusCode());
    return b;
  }

  @Test
  @DisplayName("logout closes that session's sockets, joined or not, with 4002 (the room hears peer-left at once); a join sent after logout never joins; the account's other session keeps its socket")
  void logoutClosesSockets() {
    Browser h = host(node);
    JsonObject room = newRoom(h);
    String roomId = room.getString("id");
    String email = "l" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    Browser tab = node.browser();
    tab.signUp(email, "password1", "Lou");
    assertEquals(200, tab.post("/api/invites/" + room.getString("inviteCode") + "/join", new JsonObject()).statusCode());
    Browser laptop = login(email);
    try (WsPeer a = ws(h);
        WsPeer joined = ws(tab);
        WsPeer idle = ws(tab);
        WsPeer late = ws(tab);
        WsPeer other = ws(laptop)) {
      a.join(roomId);
      joined.join(roomId);
      a.next("peer-joined");
      other.join(roomId);
      a.next("peer-joined");

      assertEquals(204, tab.post("/api/auth/logout", null).statusCode());
      // Sent at once: whether it races the notice or not, it must not join.
      late.send(new JsonObject().put("type", "join").put("roomId", roomId));
      assertEquals(SESSION_ENDED, joined.closeCode(5000));
      assertEquals(SESSION_ENDED, idle.closeCode(5000));
      assertEquals(SESSION_ENDED, late.closeCode(5000));
      assertEquals(joined.peerId, a.next("peer-left").getString("peerId"));
      assertNoJoined(late);
      a.assertNone("peer-joined", 200);

      other.send(new JsonObject().put("type", "chat").put("text", "still here"));
      assertEquals("still here", a.next("chat").getString("text"));
      assertFalse(other.isClosed());
      assertEquals(200, laptop.get("/api/me").statusCode());
    }
  }

  @Test
  @DisplayName("a kick closes every socket of that guest (two joined tabs and an idle one), ends its session (401, upgrade refused), and the New invite link shuts the old link")
  void kickedGuest() {
    Browser h = host(node);
    JsonObject room = newRoom(h);
    String roomId = room.getString("id");
    Browser gb = guest(node, room, "Kit");
    try (WsPeer a = ws(h); WsPeer tab1 = ws(gb); WsPeer tab2 = ws(gb); WsPeer idle = ws(gb)) {
      a.join(roomId);
      tab1.join(roomId);
      tab2.join(roomId);
      a.next("peer-joined");
      a.next("peer-joined");

      a.send(new JsonObject().put("type", "kick").put("peerId", tab1.peerId).put("id", "k"));
      for (WsPeer t : new WsPeer[] {tab1, tab2, idle}) {
        t.next("kicked");
        assertEquals(KICKED, t.closeCode(5000));
      }
      Set<String> left = Set.of(a.next("peer-left").getString("peerId"), a.next("peer-left").getString("peerId"));
      assertEquals(Set.of(tab1.peerId, tab2.peerId), left);

      assertEquals(401, gb.get("/api/me").statusCode());
      assertEquals(401, gb.get("/api/rooms/" + roomId).statusCode());
      IllegalStateException refused = assertThrows(IllegalStateException.class, () -> ws(gb).close());
      assertTrue(String.valueOf(refused.getCause()).contains("401"), String.valueOf(refused.getCause()));

      JsonObject renewed = h.post("/api/rooms/" + roomId + "/invite", null).bodyAsJsonObject().getJsonObject("room");
      assertNotEquals(room.getString("inviteCode"), renewed.getString("inviteCode"));
      assertEquals(404, gb.post("/api/invites/" + room.getString("inviteCode") + "/join", new JsonObject().put("displayName", "Kit")).statusCode());
      a.send(new JsonObject().put("type", "ping").put("id", "p"));
      assertEquals("p", a.next("pong").getString("id"));
    }
  }

  @Test
  @DisplayName("a kicked account's sockets in that room close, its socket in another room and its session stay")
  void kickedAccount() {
    Browser h = host(node);
    JsonObject room = newRoom(h);
    String roomId = room.getString("id");
    Browser friend = host(node);
    JsonObject own = newRoom(friend);
    assertEquals(200, friend.post("/api/invites/" + room.getString("inviteCode") + "/join", new JsonObject()).statusCode());
    try (WsPeer a = ws(h); WsPeer in1 = ws(friend); WsPeer in2 = ws(friend); WsPeer elsewhere = ws(friend)) {
      a.join(roomId);
      in1.join(roomId);
      in2.join(roomId);
      elsewhere.join(own.getString("id"));
      a.send(new JsonObject().put("type", "kick").put("peerId", in2.peerId));
      assertEquals(KICKED, in1.closeCode(5000));
      assertEquals(KICKED, in2.closeCode(5000));
      elsewhere.send(new JsonObject().put("type", "ping").put("id", 1));
      assertEquals(1, elsewhere.next("pong").getInteger("id"));
      assertFalse(elsewhere.isClosed());
      assertEquals(200, friend.get("/api/me").statusCode());
      assertEquals(403, friend.get("/api/rooms/" + roomId).statusCode());
    }
  }

  /** Nothing but the error and the close: no {@code joined}. */
  static void assertNoJoined(WsPeer p) {
    p.assertNone("joined", 300);
  }
}

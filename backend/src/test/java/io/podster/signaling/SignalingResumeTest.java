package io.podster.signaling;

import static io.podster.signaling.SignalingFixture.guest;
import static io.podster.signaling.SignalingFixture.host;
import static io.podster.signaling.SignalingFixture.newRoom;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podster.Browser;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Leaving, and coming back: leave, closed sockets, resume tokens and the grace period. */
class SignalingResumeTest extends SignalingNodeTest {
  @Test
  @DisplayName("leave and a closed socket both announce peer-left; a left socket may join again")
  void leave() {
    Browser h = host(node);
    JsonObject room = newRoom(h);
    try (WsPeer a = ws(h); WsPeer b = ws(guest(node, room, "B"))) {
      a.join(room.getString("id"));
      b.join(room.getString("id"));
      b.send(new JsonObject().put("type", "leave"));
      assertEquals(b.peerId, a.next("peer-left").getString("peerId"));
      b.send(new JsonObject().put("type", "chat").put("text", "hi"));
      b.expectError("not_joined");
      String oldId = b.peerId;
      b.join(room.getString("id"));
      assertNotEquals(oldId, b.peerId);
      assertEquals(b.peerId, a.next("peer-joined").getJsonObject("peer").getString("peerId"));
      b.close();
      assertEquals(b.peerId, a.next("peer-left").getString("peerId"));
    }
  }

  @Test
  @DisplayName("a closed socket's peer comes back with its resume token: same id, nobody hears it left; a token works once")
  void resume() {
    Browser h = host(node);
    JsonObject room = newRoom(h);
    Browser g = guest(node, room, "Re");
    try (WsPeer a = ws(h)) {
      a.join(room.getString("id"));
      WsPeer b = ws(g);
      b.join(room.getString("id"));
      a.next("peer-joined");
      String token = b.joined.getString("resumeToken");
      String id = b.peerId;
      b.close();
      try (WsPeer b2 = ws(g)) {
        JsonObject j = b2.join(new JsonObject().put("type", "join").put("roomId", room.getString("id")).put("resumeToken", token));
        assertEquals(id, j.getString("peerId"));
        assertNotEquals(token, j.getString("resumeToken"));
        // Longer than the grace period: the resumed peer is not swept away, and nobody renegotiates.
        a.assertQuiet(2_000);
        a.send(new JsonObject().put("type", "signal").put("to", id).put("data", new JsonObject().put("candidate", "c")));
        assertEquals(a.peerId, b2.next("signal").getString("from"));
      }
      assertEquals(id, a.next("peer-left").getString("peerId"));
      try (WsPeer b3 = ws(g); WsPeer other = ws(h)) {
        assertNotEquals(id, b3.join(new JsonObject().put("type", "join").put("roomId", room.getString("id")).put("resumeToken", token)).getString("peerId"));
        // A token is bound to its user: the host cannot take the guest's identity.
        String t2 = b3.joined.getString("resumeToken");
        assertNotEquals(b3.peerId, other.join(new JsonObject().put("type", "join").put("roomId", room.getString("id")).put("resumeToken", t2)).getString("peerId"));
      }
    }
  }

  @Test
  @DisplayName("a client back before its old socket is noticed gone takes its peer over; the old socket closes with 4001")
  void fastResume() {
    Browser h = host(node);
    JsonObject room = newRoom(h);
    Browser g = guest(node, room, "Quick");
    try (WsPeer a = ws(h); WsPeer old = ws(g); WsPeer fresh = ws(g)) {
      a.join(room.getString("id"));
      old.join(room.getString("id"));
      a.next("peer-joined");
      JsonObject j = fresh.join(
          new JsonObject().put("type", "join").put("roomId", room.getString("id")).put("resumeToken", old.joined.getString("resumeToken")));
      assertEquals(old.peerId, j.getString("peerId"));
      assertEquals(4001, old.closeCode(5000));
      a.assertQuiet(2_000);
      a.send(new JsonObject().put("type", "signal").put("to", old.peerId).put("data", new JsonObject().put("candidate", "c")));
      assertEquals(a.peerId, fresh.next("signal").getString("from"));
    }
  }

  @Test
  @DisplayName("a closed socket that does not come back is announced peer-left once its grace period is over")
  void graceRunsOut() {
    Browser h = host(node);
    JsonObject room = newRoom(h);
    try (WsPeer a = ws(h)) {
      a.join(room.getString("id"));
      WsPeer b = ws(guest(node, room, "Gone"));
      b.join(room.getString("id"));
      a.next("peer-joined");
      long closedAt = System.currentTimeMillis();
      b.close();
      assertEquals(b.peerId, a.next("peer-left").getString("peerId"));
      long after = System.currentTimeMillis() - closedAt;
      assertTrue(after >= 900, "announced only after the 1 s grace, not at once: " + after + " ms");
    }
  }
}

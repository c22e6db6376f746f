package io.podster.signaling;

import static io.podster.signaling.SignalingFixture.guest;
import static io.podster.signaling.SignalingFixture.host;
import static io.podster.signaling.SignalingFixture.newRoom;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podster.Browser;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code join}'s protocol version: unversioned clients keep working, unknown versions are refused and the socket stays. */
class ProtocolVersionTest extends SignalingNodeTest {
  private static JsonObject join(String roomId, Object protocol, Object id) {
    JsonObject m = new JsonObject().put("type", "join").put("roomId", roomId).put("id", id);
    return protocol == null ? m : m.put("protocol", protocol);
  }

  @Test
  @DisplayName("a join without a version (today's clients), with 1 or with 2 is answered joined")
  void supported() {
    Browser h = host(node);
    String roomId = newRoom(h).getString("id");
    for (Object version : new Object[] {null, 1, 2}) {
      try (WsPeer a = ws(h)) {
        assertEquals("j", a.join(join(roomId, version, "j")).getString("id"));
      }
    }
  }

  @Test
  @DisplayName("an unknown major version answers unsupported_protocol naming version 2; the socket stays open and may join with 2")
  void unsupported() {
    Browser h = host(node);
    JsonObject room = newRoom(h);
    String roomId = room.getString("id");
    try (WsPeer a = ws(h); WsPeer b = ws(guest(node, room, "B"))) {
      b.join(roomId);
      for (Object version : new Object[] {3, 99, Long.MAX_VALUE, new java.math.BigInteger("9".repeat(300))}) {
        a.send(join(roomId, version, "v"));
        JsonObject e = a.expectError("unsupported_protocol");
        assertEquals("v", e.getString("id"));
        assertTrue(e.getString("message").contains("protocol 2"), e.getString("message"));
        assertTrue(e.getString("message").length() < 200, "the answer never echoes the version sent");
      }
      b.assertNone("peer-joined", 300);
      assertFalse(a.isClosed());
      a.join(join(roomId, 2, "ok"));
      assertEquals(a.peerId, b.next("peer-joined").getJsonObject("peer").getString("peerId"));
    }
  }

  @Test
  @DisplayName("a malformed version (text, fraction, zero, negative, object) is bad_message naming 'protocol'")
  void malformed() {
    Browser h = host(node);
    String roomId = newRoom(h).getString("id");
    try (WsPeer a = ws(h)) {
      for (Object version : new Object[] {"2", 2.5, 0, -1, true, new JsonObject().put("major", 2), new io.vertx.core.json.JsonArray().add(2)}) {
        a.send(join(roomId, version, "m"));
        assertTrue(a.expectError("bad_message").getString("message").contains("'protocol'"), String.valueOf(version));
      }
      a.join(join(roomId, 2, "ok"));
    }
  }

  @Test
  @DisplayName("the version is checked before membership: a stranger with an unknown version learns nothing about the room")
  void beforeMembership() {
    Browser h = host(node);
    String roomId = newRoom(h).getString("id");
    try (WsPeer stranger = ws(host(node))) {
      stranger.send(join(roomId, 7, 1));
      stranger.expectError("unsupported_protocol");
      stranger.send(join(roomId, 2, 2));
      stranger.expectError("not_a_member");
    }
  }

  @Test
  @DisplayName("a replayed join is already_joined, whatever its version; a resume with version 2 keeps the peer id")
  void replayedAndResumed() {
    Browser h = host(node);
    String roomId = newRoom(h).getString("id");
    String token;
    String peerId;
    try (WsPeer a = ws(h)) {
      a.join(join(roomId, 2, "j"));
      peerId = a.peerId;
      token = a.joined.getString("resumeToken");
      a.send(join(roomId, 2, "again"));
      a.expectError("already_joined");
      a.send(join(roomId, 3, "newer"));
      a.expectError("unsupported_protocol");
    }
    try (WsPeer back = ws(h)) {
      back.join(join(roomId, 2, "r").put("resumeToken", token));
      assertEquals(peerId, back.peerId);
    }
  }

  @Test
  @DisplayName("joins sent back to back without waiting: the refused one leaves no trace, exactly one of the rest joins")
  void concurrent() {
    Browser h = host(node);
    String roomId = newRoom(h).getString("id");
    try (WsPeer a = ws(h)) {
      a.send(join(roomId, 9, "refused"));
      a.send(join(roomId, 2, "first"));
      a.send(join(roomId, null, "second"));
      List<String> answers = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        JsonObject m = a.next();
        answers.add(m.getString("id") + ":" + ("error".equals(m.getString("type")) ? m.getString("code") : m.getString("type")));
      }
      assertTrue(answers.contains("refused:unsupported_protocol"), answers.toString());
      assertTrue(answers.contains("first:joined"), answers.toString());
      assertTrue(answers.contains("second:already_joined"), answers.toString());
    }
  }

  @Test
  @DisplayName("stream labels travel inside signal data untouched, between a labelling client and an unversioned one")
  void labelsRelayedUntouched() {
    Browser h = host(node);
    JsonObject room = newRoom(h);
    try (WsPeer v2 = ws(h); WsPeer v1 = ws(guest(node, room, "Old"))) {
      v2.join(join(room.getString("id"), 2, "j"));
      v1.join(room.getString("id"));
      String data =
          "{\"description\":{\"type\":\"offer\",\"sdp\":\"v=0\"},\"streams\":{\"screen-msid\":\"screen\",\"cam-msid\":\"camera\"}}";
      v2.sendText("{\"type\":\"signal\",\"to\":\"" + v1.peerId + "\",\"data\":" + data + "}");
      JsonObject got = v1.next("signal");
      assertEquals(v2.peerId, got.getString("from"));
      assertEquals(new JsonObject(data), got.getJsonObject("data"));
    }
  }
}

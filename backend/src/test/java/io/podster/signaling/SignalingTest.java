package io.podster.signaling;

import static io.podster.signaling.SignalingFixture.guest;
import static io.podster.signaling.SignalingFixture.host;
import static io.podster.signaling.SignalingFixture.newRoom;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podster.Browser;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Every message type of the protocol, with real WebSocket clients on a real node. */
class SignalingTest extends SignalingNodeTest {
  @Test
  @DisplayName("join answers joined with peers, ICE servers, recording and a resume token; others get peer-joined")
  void joinAndPeerJoined() {
    Browser h = host(node);
    JsonObject room = newRoom(h);
    String roomId = room.getString("id");
    try (WsPeer host = ws(h); WsPeer guest = ws(guest(node, room, "Gus"))) {
      JsonObject first = host.join(new JsonObject().put("type", "join").put("roomId", roomId).put("id", "j1"));
      assertEquals("j1", first.getString("id"));
      assertEquals(roomId, first.getString("roomId"));
      assertEquals(0, first.getJsonArray("peers").size());
      assertNull(first.getValue("recording"));
      assertTrue(first.containsKey("recording"));
      assertNotNull(first.getString("resumeToken"));
      assertEquals(
          new JsonArray().add(new JsonObject().put("urls", new JsonArray().add("stun:stun.example.org:3478").add("stun:127.0.0.1:3478"))),
          first.getJsonArray("iceServers"));

      JsonObject second = guest.join(roomId);
      JsonArray peers = second.getJsonArray("peers");
      assertEquals(1, peers.size());
      JsonObject hostPeer = peers.getJsonObject(0);
      assertEquals(host.peerId, hostPeer.getString("peerId"));
      assertEquals("Hostess", hostPeer.getString("displayName"));
      assertEquals("host", hostPeer.getString("role"));
      assertEquals(new JsonObject().put("audio", false).put("video", false).put("screen", false), hostPeer.getJsonObject("state"));
      assertNotNull(hostPeer.getString("userId"));

      JsonObject pj = host.next("peer-joined").getJsonObject("peer");
      assertEquals(guest.peerId, pj.getString("peerId"));
      assertEquals("Gus", pj.getString("displayName"));
      assertEquals("guest", pj.getString("role"));
      guest.assertQuiet(200);
    }
  }

  @Test
  @DisplayName("signal reaches exactly the addressed peer with from; an unknown or other room's peer is an error")
  void signal() {
    Browser h = host(node);
    JsonObject room = newRoom(h);
    JsonObject otherRoom = newRoom(h);
    try (WsPeer a = ws(h);
        WsPeer b = ws(guest(node, room, "B"));
        WsPeer c = ws(guest(node, room, "C"));
        WsPeer stranger = ws(h)) {
      a.join(room.getString("id"));
      b.join(room.getString("id"));
      c.join(room.getString("id"));
      stranger.join(otherRoom.getString("id"));
      JsonObject offer = new JsonObject().put("description", new JsonObject().put("type", "offer").put("sdp", "v=0"));
      a.send(new JsonObject().put("type", "signal").put("to", b.peerId).put("data", offer));
      JsonObject got = b.next("signal");
      assertEquals(a.peerId, got.getString("from"));
      assertEquals(offer, got.getJsonObject("data"));
      JsonObject candidate = new JsonObject().put("candidate", new JsonObject().put("candidate", "candidate:1 1 udp 1 127.0.0.1 5000 typ host"));
      b.send(new JsonObject().put("type", "signal").put("to", a.peerId).put("data", candidate));
      assertEquals(candidate, a.next("signal").getJsonObject("data"));
      c.assertNone("signal", 300);
      stranger.assertNone("signal", 1);
    }
  }

  @Test
  @DisplayName("a burst of signals arrives in order; once the peer has left, a signal to it answers unknown_peer")
  void signalAfterLeave() {
    Browser h = host(node);
    JsonObject room = newRoom(h);
    try (WsPeer a = ws(h); WsPeer b = ws(h)) {
      a.join(room.getString("id"));
      b.join(room.getString("id"));
      // A burst from a fresh socket: the first waits for the directory, the rest must not overtake it.
      for (int i = 0; i < 40; i++) {
        a.send(new JsonObject().put("type", "signal").put("to", b.peerId).put("data", new JsonObject().put("n", i)));
      }
      for (int i = 0; i < 40; i++) {
        assertEquals(i, b.next("signal").getJsonObject("data").getInteger("n"));
      }
      b.send(new JsonObject().put("type", "leave"));
      assertEquals(b.peerId, a.next("peer-left").getString("peerId"));
      a.send(new JsonObject().put("type", "signal").put("to", b.peerId).put("data", new JsonObject()));
      a.expectError("unknown_peer");
    }
  }

  @Test
  @DisplayName("signal to a peer that is not in your room, or without data, answers an error and keeps the socket")
  void signalErrors() {
    Browser h = host(node);
    JsonObject room = newRoom(h);
    JsonObject otherRoom = newRoom(h);
    try (WsPeer a = ws(h); WsPeer stranger = ws(h)) {
      a.join(room.getString("id"));
      stranger.join(otherRoom.getString("id"));
      a.send(new JsonObject().put("type", "signal").put("to", stranger.peerId).put("data", new JsonObject()).put("id", 7));
      assertEquals(7, a.expectError("unknown_peer").getInteger("id"));
      a.send(new JsonObject().put("type", "signal").put("to", "nobody").put("data", new JsonObject()));
      a.expectError("unknown_peer");
      a.send(new JsonObject().put("type", "signal").put("to", stranger.peerId));
      a.expectError("bad_message");
      a.send(new JsonObject().put("type", "signal").put("data", new JsonObject()));
      a.expectError("bad_message");
      stranger.assertQuiet(200);
      a.send(new JsonObject().put("type", "ping").put("id", "still-open"));
      assertEquals("still-open", a.next("pong").getString("id"));
    }
  }

  @Test
  @DisplayName("state goes to the others as peer-state and late joiners see it; a malformed state is an error")
  void state() {
    Browser h = host(node);
    JsonObject room = newRoom(h);
    Browser g = guest(node, room, "G");
    try (WsPeer a = ws(h); WsPeer b = ws(g)) {
      a.join(room.getString("id"));
      b.join(room.getString("id"));
      JsonObject s = new JsonObject().put("audio", true).put("video", false).put("screen", true);
      a.send(s.copy().put("type", "state"));
      JsonObject ps = b.next("peer-state");
      assertEquals(a.peerId, ps.getString("peerId"));
      assertEquals(s, ps.getJsonObject("state"));
      a.send(new JsonObject().put("type", "state").put("audio", "yes").put("video", false).put("screen", false));
      a.expectError("bad_message");
      // A burst: the room hears every change, in order; the directory, which late joiners read,
      // is written with fewer writes but ends on the last state.
      JsonObject last = s;
      for (int i = 0; i < 20; i++) {
        last = new JsonObject().put("audio", i % 2 == 0).put("video", i % 3 == 0).put("screen", false);
        a.send(last.copy().put("type", "state"));
      }
      for (int i = 0; i < 20; i++) {
        JsonObject expected = new JsonObject().put("audio", i % 2 == 0).put("video", i % 3 == 0).put("screen", false);
        assertEquals(expected, b.next("peer-state").getJsonObject("state"));
      }
      try (WsPeer late = ws(g)) {
        JsonArray peers = late.join(room.getString("id")).getJsonArray("peers");
        JsonObject seenA = peers.stream().map(JsonObject.class::cast).filter(p -> p.getString("peerId").equals(a.peerId)).findFirst().orElseThrow();
        assertEquals(last, seenA.getJsonObject("state"));
      }
    }
  }

  @Test
  @DisplayName("chat reaches everyone with displayName and an ISO time; the sender's copy carries its id; 2001 chars is too long")
  void chat() {
    Browser h = host(node);
    JsonObject room = newRoom(h);
    try (WsPeer a = ws(h); WsPeer b = ws(guest(node, room, "Bea"))) {
      a.join(room.getString("id"));
      b.join(room.getString("id"));
      b.send(new JsonObject().put("type", "chat").put("text", "x".repeat(2000)).put("id", "c1"));
      JsonObject mine = b.next("chat");
      assertEquals("c1", mine.getString("id"));
      JsonObject theirs = a.next("chat");
      assertNull(theirs.getValue("id"));
      assertEquals(b.peerId, theirs.getString("from"));
      assertEquals("Bea", theirs.getString("displayName"));
      assertEquals(2000, theirs.getString("text").length());
      Instant.parse(theirs.getString("at"));
      b.send(new JsonObject().put("type", "chat").put("text", "x".repeat(2001)));
      b.expectError("too_long");
      b.send(new JsonObject().put("type", "chat"));
      b.expectError("bad_message");
      a.assertQuiet(200);
    }
  }

  @Test
  @DisplayName("the host starts and stops takes for everyone; guests may not; late joiners see the running take")
  void recording() {
    Browser h = host(node);
    JsonObject room = newRoom(h);
    Browser g = guest(node, room, "G");
    try (WsPeer a = ws(h); WsPeer b = ws(g)) {
      a.join(room.getString("id"));
      b.join(room.getString("id"));
      b.send(new JsonObject().put("type", "record-start").put("id", 1));
      assertEquals(1, b.expectError("not_host").getInteger("id"));
      a.send(new JsonObject().put("type", "record-start").put("id", 2));
      JsonObject started = a.next("record-started");
      assertEquals(2, started.getInteger("id"));
      JsonObject seen = b.next("record-started");
      assertEquals(started.getString("takeId"), seen.getString("takeId"));
      Instant.parse(seen.getString("startedAt"));
      a.send(new JsonObject().put("type", "record-start"));
      a.expectError("already_recording");
      try (WsPeer late = ws(g)) {
        JsonObject rec = late.join(room.getString("id")).getJsonObject("recording");
        assertEquals(started.getString("takeId"), rec.getString("takeId"));
        assertEquals(started.getString("startedAt"), rec.getString("startedAt"));
      }
      b.send(new JsonObject().put("type", "record-stop"));
      b.expectError("not_host");
      a.send(new JsonObject().put("type", "record-stop"));
      assertEquals(started.getString("takeId"), b.next("record-stopped").getString("takeId"));
      assertEquals(started.getString("takeId"), a.next("record-stopped").getString("takeId"));
      a.send(new JsonObject().put("type", "record-stop"));
      a.expectError("not_recording");
    }
  }

  @Test
  @DisplayName("the host kicks a guest: it gets kicked and is closed, others get peer-left once, and its session is over")
  void kick() {
    Browser h = host(node);
    JsonObject room = newRoom(h);
    Browser gb = guest(node, room, "Kay");
    try (WsPeer a = ws(h); WsPeer k = ws(gb); WsPeer c = ws(guest(node, room, "Cee"))) {
      a.join(room.getString("id"));
      k.join(room.getString("id"));
      c.join(room.getString("id"));
      c.send(new JsonObject().put("type", "kick").put("peerId", k.peerId));
      c.expectError("not_host");
      k.send(new JsonObject().put("type", "kick").put("peerId", a.peerId));
      k.expectError("not_host");
      a.send(new JsonObject().put("type", "kick").put("peerId", a.peerId));
      a.expectError("bad_kick");
      a.send(new JsonObject().put("type", "kick").put("peerId", "nobody"));
      a.expectError("unknown_peer");
      a.send(new JsonObject().put("type", "kick").put("peerId", k.peerId).put("id", "k1"));
      assertEquals("kicked", k.next("kicked").getString("type"));
      k.closeCode(5000);
      JsonObject left = a.next("peer-left");
      assertEquals(k.peerId, left.getString("peerId"));
      assertEquals("k1", left.getString("id"));
      assertEquals(k.peerId, c.next("peer-left").getString("peerId"));
      // The guest's session ended with the kick (see SessionEndTest): it is signed out.
      assertEquals(401, gb.get("/api/rooms/" + room.getString("id")).statusCode());
      c.assertNone("peer-left", 300);
    }
  }

  @Test
  @DisplayName("/health/cluster reports the node, its members, rooms and sockets")
  void health() {
    Browser h = host(node);
    JsonObject room = newRoom(h);
    try (WsPeer a = ws(h)) {
      a.join(room.getString("id"));
      JsonObject health = node.adminJson("/health/cluster");
      assertNotNull(health.getString("nodeId"));
      assertEquals(new JsonArray().add(health.getString("nodeId")), health.getJsonArray("members"));
      assertEquals(1, health.getInteger("size"));
      assertEquals(1, health.getInteger("configured"));
      assertTrue(health.getInteger("rooms") >= 1);
      assertTrue(health.getInteger("sockets") >= 1);
    }
  }
}

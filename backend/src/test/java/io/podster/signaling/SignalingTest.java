package io.podster.signaling;

import static io.podster.signaling.SignalingFixture.guest;
import static io.podster.signaling.SignalingFixture.host;
import static io.podster.signaling.SignalingFixture.newRoom;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podster.Browser;
import io.podster.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SignalingTest {
  static TestNode node;
  static Vertx clients;

  @BeforeAll
  static void start() {
    node =
        TestNode.start(
            Map.of(
                "PODSTER_SIGNUPS_PER_ADDRESS", "10000",
                // A short grace so a closed socket's peer-left arrives within the tests' waits.
                "PODSTER_RESUME_GRACE_SECONDS", "1",
                "PODSTER_STUN_URLS", "stun:stun.example.org:3478,stun:127.0.0.1:3478"));
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
      try (WsPeer late = ws(g)) {
        JsonArray peers = late.join(room.getString("id")).getJsonArray("peers");
        JsonObject seenA = peers.stream().map(JsonObject.class::cast).filter(p -> p.getString("peerId").equals(a.peerId)).findFirst().orElseThrow();
        assertEquals(s, seenA.getJsonObject("state"));
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
  @DisplayName("the host kicks a guest: it gets kicked and is closed, others get peer-left, and it cannot rejoin")
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
      assertEquals(403, gb.get("/api/rooms/" + room.getString("id")).statusCode());
      try (WsPeer again = ws(gb)) {
        again.send(new JsonObject().put("type", "join").put("roomId", room.getString("id")));
        again.expectError("not_a_member");
      }
      assertEquals(403, gb.get("/api/rooms/" + room.getString("id")).statusCode());
    }
  }

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
  @DisplayName("bad input answers error and the socket stays open: bad JSON, unknown type, no type, before join, bad rooms, joining twice")
  void badInput() {
    Browser h = host(node);
    JsonObject room = newRoom(h);
    JsonObject other = newRoom(host(node));
    Browser g = guest(node, room, "G");
    try (WsPeer a = ws(h); WsPeer gs = ws(g)) {
      a.sendText("{not json");
      a.expectError("bad_json");
      a.sendText("[1,2]");
      a.expectError("bad_json");
      a.send(new JsonObject().put("type", "dance").put("id", "d"));
      assertEquals("d", a.expectError("unknown_type").getString("id"));
      a.send(new JsonObject().put("type", 5));
      a.expectError("bad_message");
      a.send(new JsonObject().put("roomId", room.getString("id")));
      a.expectError("bad_message");
      for (String t : new String[] {"signal", "state", "chat", "record-start", "record-stop", "kick", "leave"}) {
        a.send(new JsonObject().put("type", t));
        a.expectError("not_joined");
      }
      a.send(new JsonObject().put("type", "join"));
      a.expectError("bad_message");
      a.send(new JsonObject().put("type", "join").put("roomId", "not-a-room"));
      a.expectError("not_found");
      a.send(new JsonObject().put("type", "join").put("roomId", "00000000-0000-0000-0000-000000000000"));
      a.expectError("not_found");
      a.send(new JsonObject().put("type", "join").put("roomId", other.getString("id")));
      a.expectError("not_a_member");
      gs.send(new JsonObject().put("type", "join").put("roomId", other.getString("id")));
      gs.expectError("not_a_member");
      a.join(room.getString("id"));
      a.send(new JsonObject().put("type", "join").put("roomId", room.getString("id")));
      a.expectError("already_joined");
      a.send(new JsonObject().put("type", "ping").put("id", 42));
      JsonObject pong = a.next();
      assertEquals("pong", pong.getString("type"));
      assertEquals(42, pong.getInteger("id"));
      assertTrue(!a.isClosed());
    }
  }

  @Test
  @DisplayName("a frame over 64 KiB closes with 1009; a flood closes with 1008")
  void oversizedAndFlood() {
    Browser h = host(node);
    try (WsPeer big = ws(h)) {
      big.sendText(new JsonObject().put("type", "chat").put("text", "x".repeat(70_000)).encode());
      assertEquals(1009, big.closeCode(5000));
    }
    try (WsPeer flood = ws(h)) {
      for (int i = 0; i < 400; i++) {
        flood.send(new JsonObject().put("type", "ping"));
      }
      assertEquals(1008, flood.closeCode(5000));
    }
    try (WsPeer calm = ws(h)) {
      for (int i = 0; i < 150; i++) {
        calm.send(new JsonObject().put("type", "ping"));
      }
      for (int i = 0; i < 150; i++) {
        calm.next("pong");
      }
      assertTrue(!calm.isClosed());
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

  @Test
  @DisplayName("the upgrade needs a session (cookie or Bearer) and, from a browser, the public Origin")
  void upgradeChecks() {
    Browser h = host(node);
    int port = node.node().httpPort();
    java.util.function.Supplier<io.vertx.core.http.WebSocketConnectOptions> base =
        () -> new io.vertx.core.http.WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws");
    assertRefused(base.get(), "401");
    assertRefused(
        base.get()
            .addHeader("Cookie", "podster_session=" + h.cookie("podster_session"))
            .addHeader("Origin", "https://evil.example"),
        "403");
    assertRefused(
        base.get().addHeader("Authorization", "Bearer nonsense"), "401");
    try (WsPeer bearer =
        WsPeer.connect(
            clients,
            base.get()
                .addHeader("Authorization", "Bearer " + h.cookie("podster_session")))) {
      bearer.send(new JsonObject().put("type", "ping"));
      bearer.next("pong");
    }
  }

  private static void assertRefused(io.vertx.core.http.WebSocketConnectOptions o, String status) {
    try {
      WsPeer.connect(clients, o).close();
      throw new AssertionError("upgrade was accepted");
    } catch (IllegalStateException e) {
      assertTrue(String.valueOf(e.getCause()).contains(status), String.valueOf(e.getCause()));
    }
  }

  @Test
  @DisplayName("/health/cluster reports the node, its members, rooms and sockets")
  void health() {
    Browser h = host(node);
    JsonObject room = newRoom(h);
    try (WsPeer a = ws(h)) {
      a.join(room.getString("id"));
      JsonObject health = h.get("/health/cluster").bodyAsJsonObject();
      assertNotNull(health.getString("nodeId"));
      assertEquals(new JsonArray().add(health.getString("nodeId")), health.getJsonArray("members"));
      assertTrue(health.getInteger("rooms") >= 1);
      assertTrue(health.getInteger("sockets") >= 1);
    }
  }
}

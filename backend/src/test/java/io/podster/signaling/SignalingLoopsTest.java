package io.podster.signaling;

import static io.podster.signaling.SignalingFixture.guest;
import static io.podster.signaling.SignalingFixture.host;
import static io.podster.signaling.SignalingFixture.newRoom;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.podster.Browser;
import io.podster.TestNode;
import io.podster.metrics.Series;
import io.podster.signaling.Loops.Landed;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * One node whose signaling runs on several event loops ({@code PODSTER_EVENT_LOOPS}): peers of one
 * room whose sockets landed on different loops behave as peers on one loop do. Each test checks
 * where its sockets landed, so it really spans loops.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SignalingLoopsTest {
  TestNode node;
  Vertx clients;

  /** How many event loops the node runs. */
  abstract int loops();

  Map<String, String> settings() {
    return Map.of(
        "PODSTER_EVENT_LOOPS", String.valueOf(loops()),
        "PODSTER_SIGNUPS_PER_ADDRESS", "10000",
        // Long enough that a dropped socket's peer is surely still there when it resumes.
        "PODSTER_RESUME_GRACE_SECONDS", "30");
  }

  @BeforeAll
  void start() {
    node = TestNode.start(settings());
    clients = Vertx.vertx();
  }

  @AfterAll
  void stop() throws Exception {
    clients.close().await(10, TimeUnit.SECONDS);
    node.close();
  }

  @Test
  @DisplayName("the node runs the configured number of signaling loops, each its own relay endpoint on a thread of its own")
  void loopsAsConfigured() {
    List<SignalingLoop> all = Loops.of(node);
    assertEquals(loops(), all.size());
    for (int i = 0; i < all.size(); i++) {
      assertEquals(Endpoints.of(node.node().cluster().nodeId(), i), all.get(i).endpoint());
    }
    assertEquals(loops(), all.stream().map(SignalingLoop::thread).distinct().count(), "one thread per loop");
  }

  @Test
  @DisplayName("two peers whose sockets landed on different loops see each other join, exchange signals in order both ways, chat, and see each other leave")
  void acrossLoops() throws Exception {
    Browser h = host(node);
    JsonObject room = newRoom(h);
    String roomId = room.getString("id");
    Landed a = Loops.connectOn(clients, node, h, loop -> true);
    Landed b = Loops.connectAvoiding(clients, node, guest(node, room, "Guest"), a);
    try {
      a.peer().join(roomId);
      assertEquals(1, b.peer().join(roomId).getJsonArray("peers").size());
      assertEquals(b.peer().peerId, a.peer().next("peer-joined").getJsonObject("peer").getString("peerId"));
      assertNotEquals(Loops.assertEndpoint(node, a), Loops.assertEndpoint(node, b));
      Loops.assertDistinctThreads(node, a, b);

      Exchange.inOrder(a.peer(), b.peer(), 60);
      Exchange.inOrder(b.peer(), a.peer(), 60);
      b.peer().send(new JsonObject().put("type", "chat").put("text", "hello across loops"));
      assertEquals("hello across loops", a.peer().next("chat").getString("text"));
      assertEquals("hello across loops", b.peer().next("chat").getString("text"), "the sender's own copy");
      b.peer().send(new JsonObject().put("type", "state").put("audio", true).put("video", false).put("screen", false));
      JsonObject state = a.peer().next("peer-state");
      assertEquals(b.peer().peerId, state.getString("peerId"));
      assertEquals(true, state.getJsonObject("state").getBoolean("audio"), state.encode());

      b.peer().send(new JsonObject().put("type", "leave"));
      assertEquals(b.peer().peerId, a.peer().next("peer-left").getString("peerId"));
      b.peer().join(roomId);
      assertEquals(b.peer().peerId, a.peer().next("peer-joined").getJsonObject("peer").getString("peerId"));
      a.peer().send(new JsonObject().put("type", "leave"));
      assertEquals(a.peer().peerId, b.peer().next("peer-left").getString("peerId"));
    } finally {
      a.peer().close();
      b.peer().close();
    }
  }

  @Test
  @DisplayName("a peer whose socket dropped resumes on another loop with its peer id: the other hears no leave, and signals reach it both ways in order")
  void resumeOnAnotherLoop() throws Exception {
    Browser h = host(node);
    JsonObject room = newRoom(h);
    String roomId = room.getString("id");
    Browser g = guest(node, room, "Guest");
    Landed a = Loops.connectOn(clients, node, h, loop -> true);
    Landed b = Loops.connectAvoiding(clients, node, g, a);
    Landed back = null;
    try {
      a.peer().join(roomId);
      b.peer().join(roomId);
      a.peer().next("peer-joined");
      String token = b.peer().joined.getString("resumeToken");
      String peerId = b.peer().peerId;
      b.peer().close();
      // Back on a loop it was not on before (with two loops: the host's).
      back = Loops.connectAvoiding(clients, node, g, b);
      JsonObject j = back.peer().join(new JsonObject().put("type", "join").put("roomId", roomId).put("resumeToken", token));
      assertEquals(peerId, j.getString("peerId"), "resumed as the same peer");
      Loops.assertEndpoint(node, back);
      assertNotEquals(b.loop(), back.loop());
      Exchange.inOrder(a.peer(), back.peer(), 40);
      Exchange.inOrder(back.peer(), a.peer(), 40);
      a.peer().assertNone("peer-left", 500);
    } finally {
      a.peer().close();
      if (back != null) {
        back.peer().close();
      }
    }
  }

  @Test
  @DisplayName("/health/cluster and the metrics count the sockets and rooms of every loop; a room spanning loops counts once")
  void countsAcrossLoops() throws Exception {
    Loops.awaitTotal(node, 0);
    Browser h = host(node);
    JsonObject room = newRoom(h);
    JsonObject other = newRoom(h);
    Landed a = Loops.connectOn(clients, node, h, loop -> true);
    Landed b = Loops.connectAvoiding(clients, node, guest(node, room, "Guest"), a);
    Landed c = Loops.connectOn(clients, node, guest(node, other, "Other"), loop -> true);
    try {
      a.peer().join(room.getString("id"));
      b.peer().join(room.getString("id"));
      c.peer().join(other.getString("id"));
      Loops.assertDistinctThreads(node, a, b);
      JsonObject health = node.adminJson("/health/cluster");
      assertEquals(3, health.getInteger("sockets"), health.encode());
      JsonObject self = health.getJsonArray("nodes").getJsonObject(0);
      assertEquals(3, self.getInteger("sockets"), health.encode());
      assertEquals(2, self.getInteger("rooms"), "two rooms, one of them on two loops: " + health.encode());
      String scrape = node.admin().get("/metrics").send().await(10, TimeUnit.SECONDS).bodyAsString();
      assertEquals(3, Series.value(scrape, "podster_sockets_open"), "every loop's sockets");
      assertEquals(2, Series.value(scrape, "podster_rooms_active"), "a room on two loops counts once");
    } finally {
      a.peer().close();
      b.peer().close();
      c.peer().close();
    }
    Loops.awaitTotal(node, 0);
    JsonObject after = node.adminJson("/health/cluster").getJsonArray("nodes").getJsonObject(0);
    assertEquals(0, after.getInteger("sockets"), after.encode());
  }

  @Test
  @DisplayName("a graceful stop closes the sockets of every loop with 1012")
  void gracefulStop() throws Exception {
    TestNode stopping = TestNode.start(settings());
    List<Landed> landed = new ArrayList<>();
    try {
      Browser h = host(stopping);
      JsonObject room = newRoom(h);
      for (int i = 0; i < loops(); i++) {
        int loop = i;
        Browser b = i == 0 ? h : guest(stopping, room, "Guest " + i);
        landed.add(Loops.connectOn(clients, stopping, b, l -> l == loop));
        landed.get(i).peer().join(room.getString("id"));
      }
      Loops.assertDistinctThreads(stopping, landed.toArray(Landed[]::new));
    } catch (RuntimeException | Error e) {
      landed.forEach(l -> l.peer().close());
      stopping.close();
      throw e;
    }
    stopping.close(); // the graceful stop
    try {
      for (Landed l : landed) {
        assertEquals((short) 1012, l.peer().closeCode(5000), "the socket on loop " + l.loop());
      }
    } finally {
      landed.forEach(l -> l.peer().close());
    }
  }
}

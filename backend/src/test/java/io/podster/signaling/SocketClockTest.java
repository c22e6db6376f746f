package io.podster.signaling;

import static io.podster.signaling.SignalingFixture.guest;
import static io.podster.signaling.SignalingFixture.host;
import static io.podster.signaling.SignalingFixture.newRoom;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podster.Browser;
import io.podster.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The socket's clock and the synced start a take announces. */
class SocketClockTest {
  static TestNode node;
  static Vertx clients;

  @BeforeAll
  static void start() {
    node = TestNode.start();
    clients = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    clients.close();
    node.close();
  }

  static WsPeer ws(Browser b) {
    return WsPeer.connect(clients, node.node().httpPort(), b);
  }

  @Test
  @DisplayName("time answers the server's clock, with the request's id, before and after join, within the round trip")
  void time() {
    Browser h = host(node);
    JsonObject room = newRoom(h);
    try (WsPeer a = ws(h)) {
      for (int i = 0; i < 2; i++) {
        double sent = System.currentTimeMillis();
        a.send(new JsonObject().put("type", "time").put("id", "t" + i));
        JsonObject answer = a.next("time");
        double received = System.currentTimeMillis();
        assertEquals("t" + i, answer.getString("id"));
        double server = answer.getDouble("serverTime");
        // Same machine, same clock: the server's reading lies inside the round trip.
        assertTrue(server >= sent - 1 && server <= received + 1, sent + " <= " + server + " <= " + received);
        if (i == 0) {
          a.join(room.getString("id"));
        }
      }
    }
  }

  @Test
  @DisplayName("record-started and a late joiner's joined announce startAt: the take's start plus the countdown")
  void startAt() {
    Browser h = host(node);
    JsonObject room = newRoom(h);
    Browser g = guest(node, room, "G");
    try (WsPeer a = ws(h); WsPeer b = ws(g)) {
      a.join(room.getString("id"));
      b.join(room.getString("id"));
      a.send(new JsonObject().put("type", "record-start"));
      JsonObject started = b.next("record-started");
      long startedAt = Instant.parse(started.getString("startedAt")).toEpochMilli();
      long startAt = Instant.parse(started.getString("startAt")).toEpochMilli();
      assertEquals(3000, startAt - startedAt);
      try (WsPeer late = ws(g)) {
        JsonObject rec = late.join(room.getString("id")).getJsonObject("recording");
        assertEquals(started.getString("startAt"), rec.getString("startAt"));
      }
    }
  }
}

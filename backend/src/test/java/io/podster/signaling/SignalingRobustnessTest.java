package io.podster.signaling;

import static io.podster.signaling.SignalingFixture.guest;
import static io.podster.signaling.SignalingFixture.host;
import static io.podster.signaling.SignalingFixture.newRoom;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podster.Browser;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Bad input answers an error and keeps the socket; floods, oversized frames and bad upgrades close or refuse. */
class SignalingRobustnessTest extends SignalingNodeTest {
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
}

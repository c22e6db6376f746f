package io.podster.signaling;

import static io.podster.signaling.SignalingFixture.guest;
import static io.podster.signaling.SignalingFixture.host;
import static io.podster.signaling.SignalingFixture.newRoom;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podster.Browser;
import io.podster.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A client that stops answering pings (a dead network path) is dropped within 30 s. */
class HeartbeatTest {
  static TestNode node;
  static Vertx clients;

  @BeforeAll
  static void start() {
    // Dropped at 20-25 s, then a short grace before peer-left.
    node = TestNode.start(java.util.Map.of("PODSTER_RESUME_GRACE_SECONDS", "2"));
    clients = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    clients.close().await(10, TimeUnit.SECONDS);
    node.close();
  }

  @Test
  @DisplayName("a socket that never answers pings is dropped and announced peer-left within 30 s")
  void silentSocketDropped() throws Exception {
    Browser h = host(node);
    JsonObject room = newRoom(h);
    Browser g = guest(node, room, "Silent");
    try (WsPeer watcher = WsPeer.connect(clients, node.node().httpPort(), h)) {
      watcher.join(room.getString("id"));
      NetSocket raw = rawJoin(g, room.getString("id"));
      String silentId = watcher.next("peer-joined").getJsonObject("peer").getString("peerId");
      long t0 = System.currentTimeMillis();
      JsonObject left = watcher.await(m -> "peer-left".equals(m.getString("type")), 35_000);
      long after = System.currentTimeMillis() - t0;
      assertEquals(silentId, left.getString("peerId"));
      assertTrue(after <= 30_000, "dropped after " + after + " ms");
      raw.close();
    }
  }

  /** Upgrades by hand and sends one masked join frame, then never reads or answers anything. */
  private static NetSocket rawJoin(Browser b, String roomId) throws Exception {
    NetSocket s = clients.createNetClient().connect(node.node().httpPort(), "127.0.0.1").await(5, TimeUnit.SECONDS);
    CompletableFuture<Void> upgraded = new CompletableFuture<>();
    StringBuilder head = new StringBuilder();
    s.handler(
        buf -> {
          if (!upgraded.isDone()) {
            head.append(buf.toString(StandardCharsets.ISO_8859_1));
            if (head.indexOf("\r\n\r\n") >= 0) {
              upgraded.complete(null);
            }
          }
        });
    s.write(
        "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
            + "Cookie: podster_session=" + b.cookie("podster_session") + "\r\n\r\n");
    upgraded.get(5, TimeUnit.SECONDS);
    assertTrue(head.toString().startsWith("HTTP/1.1 101"), head.toString());
    byte[] payload = new JsonObject().put("type", "join").put("roomId", roomId).encode().getBytes(StandardCharsets.UTF_8);
    byte[] mask = {1, 2, 3, 4};
    assertTrue(payload.length < 126);
    Buffer frame = Buffer.buffer().appendByte((byte) 0x81).appendByte((byte) (0x80 | payload.length)).appendBytes(mask);
    for (int i = 0; i < payload.length; i++) {
      frame.appendByte((byte) (payload[i] ^ mask[i % 4]));
    }
    s.write(frame);
    return s;
  }
}

package io.podster.signaling;

import static io.podster.signaling.SignalingFixture.host;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podster.Browser;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code /ws} never negotiates compression: an inflating frame could hold the event loop every
 * socket of the node shares (512 MiB from one 0.5 MB frame held it ~28 s).
 */
class WsCompressionTest extends SignalingNodeTest {
  /** What a compressed frame may cost the other sockets of the node at most. */
  static final long NEIGHBOUR_PING_LIMIT_MS = 100;

  @Test
  @DisplayName("a client offering permessage-deflate or per-frame deflate gets no Sec-WebSocket-Extensions in the upgrade answer")
  void noCompressionNegotiated() throws Exception {
    Browser h = host(node);
    WebSocketConnectOptions options =
        new WebSocketConnectOptions()
            .setHost("127.0.0.1")
            .setPort(node.node().httpPort())
            .setURI("/ws")
            .addHeader("Authorization", "Bearer " + h.cookie("podster_session"));
    WebSocketClientOptions offering =
        new WebSocketClientOptions().setTryUsePerMessageCompression(true).setTryUsePerFrameCompression(true);
    try (WsPeer vertxClient = WsPeer.connect(clients, options, offering)) {
      assertNull(vertxClient.socket().headers().get("Sec-WebSocket-Extensions"), vertxClient.socket().headers().toString());
      vertxClient.send(new JsonObject().put("type", "ping"));
      vertxClient.next("pong");
    }
    for (String offer :
        new String[] {
          "permessage-deflate; client_max_window_bits", "x-webkit-deflate-frame", "deflate-frame, permessage-deflate"
        }) {
      try (RawWebSocket raw =
          RawWebSocket.upgrade(node.node().httpPort(), h.cookie("podster_session"), Map.of("Sec-WebSocket-Extensions", offer))) {
        assertTrue(raw.status.contains(" 101 "), raw.status);
        assertFalse(raw.headers.containsKey("sec-websocket-extensions"), offer + " → " + raw.headers);
      }
    }
  }

  @Test
  @DisplayName("a deflate bomb (a compressed text frame inflating to 256 MiB) closes its socket while another socket's pings are answered within 100 ms")
  void zipBomb() throws Exception {
    Browser h = host(node);
    byte[] bomb = RawWebSocket.deflateBomb(256L << 20);
    try (WsPeer neighbour = ws(h);
        RawWebSocket attacker =
            RawWebSocket.upgrade(
                node.node().httpPort(),
                h.cookie("podster_session"),
                Map.of("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits"))) {
      assertTrue(attacker.status.contains(" 101 "), attacker.status);
      neighbour.send(new JsonObject().put("type", "ping"));
      neighbour.next("pong");

      CompletableFuture<Long> closedAfter = new CompletableFuture<>();
      Thread sender =
          new Thread(
              () -> {
                long start = System.nanoTime();
                try {
                  attacker.sendCompressedText(bomb);
                } catch (java.io.IOException e) {
                  // The server may close before the whole frame is written.
                }
                try {
                  closedAfter.complete(attacker.awaitClosed(60_000) ? (System.nanoTime() - start) / 1_000_000 : -1L);
                } catch (java.io.IOException e) {
                  closedAfter.completeExceptionally(e);
                }
              });
      sender.start();
      long worst = 0;
      for (int i = 0; i < 30; i++) {
        long sent = System.nanoTime();
        neighbour.send(new JsonObject().put("type", "ping").put("id", i));
        // A long wait, so a frozen loop shows as a figure rather than a timeout.
        assertEquals(i, neighbour.await(m -> "pong".equals(m.getString("type")), 60_000).getInteger("id"));
        worst = Math.max(worst, (System.nanoTime() - sent) / 1_000_000);
        Thread.sleep(10);
      }
      long closeMs = closedAfter.get(90, TimeUnit.SECONDS);
      System.out.println(
          "deflate bomb of " + bomb.length + " bytes on the wire: its socket closed after " + closeMs
              + " ms; the neighbour's slowest of 30 pings meanwhile took " + worst + " ms");
      assertTrue(closeMs >= 0, "the bomb's socket was not closed within 60 s");
      assertTrue(worst < NEIGHBOUR_PING_LIMIT_MS, "a neighbour's ping took " + worst + " ms");
      assertFalse(neighbour.isClosed());
    }
  }
}

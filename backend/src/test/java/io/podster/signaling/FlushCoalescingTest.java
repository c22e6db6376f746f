package io.podster.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A server-side socket with coalescing, read by a raw TCP client so the test sees how the bytes
 * arrived, not only which frames.
 */
class FlushCoalescingTest {
  private static final int FRAMES = 40;
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("frames written to a socket in one event-loop turn arrive together, in order, and before a close")
  void oneTurnOneWrite() throws Exception {
    Promise<ServerWebSocket> accepted = Promise.promise();
    HttpServer server =
        vertx
            // Closes the TCP connection right after the close frame: this client never answers it.
            .createHttpServer(new HttpServerOptions().setWebSocketClosingTimeout(0))
            .requestHandler(
                req -> {
                  FlushCoalescing.install(req.connection());
                  req.toWebSocket().onComplete(accepted);
                })
            .listen(0, "127.0.0.1")
            .await(10, TimeUnit.SECONDS);
    List<Buffer> reads = new ArrayList<>();
    CompletableFuture<Void> closed = new CompletableFuture<>();
    NetSocket socket = vertx.createNetClient().connect(server.actualPort(), "127.0.0.1").await(10, TimeUnit.SECONDS);
    socket.handler(b -> reads.add(b.copy()));
    socket.closeHandler(v -> closed.complete(null));
    socket.write(
        "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
    ServerWebSocket ws = accepted.future().await(10, TimeUnit.SECONDS);
    // Not during a read of this socket: as a room broadcast or a relayed signal reaches it.
    vertx.setTimer(
        50,
        t -> {
          for (int i = 0; i < FRAMES; i++) {
            ws.writeTextMessage("frame " + i);
          }
          vertx.setTimer(200, u -> ws.close());
        });
    closed.get(10, TimeUnit.SECONDS);
    Buffer all = Buffer.buffer();
    reads.forEach(all::appendBuffer);
    List<String> frames = new ArrayList<>();
    List<Integer> readOfFrame = new ArrayList<>();
    int lastOpcode = -1;
    // Server frames are unmasked and these are short: two header bytes, then the payload.
    for (int pos = all.toString().indexOf("\r\n\r\n") + 4; pos < all.length(); ) {
      lastOpcode = all.getByte(pos) & 0x0f;
      int len = all.getByte(pos + 1) & 0x7f;
      if (lastOpcode == 1) {
        frames.add(all.getString(pos + 2, pos + 2 + len));
        readOfFrame.add(readHolding(reads, pos));
      }
      pos += 2 + len;
    }
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < FRAMES; i++) {
      expected.add("frame " + i);
    }
    assertEquals(expected, frames);
    assertEquals(8, lastOpcode, "the close frame comes last");
    // One write(2) for the whole turn: the client's read that saw the first frame saw the last.
    assertEquals(readOfFrame.get(0), readOfFrame.get(FRAMES - 1), "frames split over reads: " + readOfFrame);
  }

  /** Which of the client's reads held byte {@code offset} of the stream. */
  private static int readHolding(List<Buffer> reads, int offset) {
    int start = 0;
    for (int i = 0; i < reads.size(); i++) {
      start += reads.get(i).length();
      if (offset < start) {
        return i;
      }
    }
    return -1;
  }
}

package io.podster.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import io.podster.Browser;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A real WebSocket client on {@code /ws} that queues what it receives, for tests. */
public final class WsPeer implements AutoCloseable {
  public static final long WAIT_MS = 5000;
  private final WebSocketClient client;
  private final WebSocket ws;
  private final LinkedBlockingQueue<JsonObject> inbox = new LinkedBlockingQueue<>();
  private final CompletableFuture<Short> closed = new CompletableFuture<>();
  public String peerId;
  public JsonObject joined;

  private WsPeer(WebSocketClient client, WebSocket ws) {
    this.client = client;
    this.ws = ws;
    ws.textMessageHandler(t -> inbox.add(new JsonObject(t)));
    ws.closeHandler(v -> closed.complete(ws.closeStatusCode()));
  }

  /** Connects with the browser's session cookie and the page's Origin. */
  public static WsPeer connect(Vertx vertx, int port, Browser b) {
    return connect(
        vertx,
        new WebSocketConnectOptions()
            .setPort(port)
            .setHost("127.0.0.1")
            .setURI("/ws")
            .addHeader("Cookie", "podster_session=" + b.cookie("podster_session"))
            .addHeader("Origin", "http://127.0.0.1:8080"));
  }

  public static WsPeer connect(Vertx vertx, WebSocketConnectOptions options) {
    return connect(vertx, options, new WebSocketClientOptions());
  }

  /** With the client's own options, e.g. to offer compression. */
  public static WsPeer connect(Vertx vertx, WebSocketConnectOptions options, WebSocketClientOptions clientOptions) {
    // Non-browser clients send no Origin; the client would otherwise add its own.
    options.setAllowOriginHeader(options.getHeaders() != null && options.getHeaders().contains("Origin"));
    WebSocketClient client =
        vertx.createWebSocketClient(clientOptions.setMaxFrameSize(256 * 1024).setMaxMessageSize(256 * 1024));
    try {
      return new WsPeer(client, client.connect(options).await(10, TimeUnit.SECONDS));
    } catch (Exception e) {
      client.close();
      throw new IllegalStateException(e);
    }
  }

  public void send(JsonObject m) {
    ws.writeTextMessage(m.encode());
  }

  public void sendText(String text) {
    ws.writeTextMessage(text);
  }

  public WebSocket socket() {
    return ws;
  }

  /** Joins and remembers the peer id; fails on anything but {@code joined}. */
  public JsonObject join(String roomId) {
    return join(new JsonObject().put("type", "join").put("roomId", roomId));
  }

  public JsonObject join(JsonObject msg) {
    send(msg);
    JsonObject j = next();
    assertEquals("joined", j.getString("type"), j.encode());
    peerId = j.getString("peerId");
    joined = j;
    return j;
  }

  /** The next message, whatever it is. */
  public JsonObject next() {
    try {
      JsonObject m = inbox.poll(WAIT_MS, TimeUnit.MILLISECONDS);
      assertNotNull(m, "no message within " + WAIT_MS + " ms");
      return m;
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The next message within {@code ms}, or null. */
  public JsonObject poll(long ms) {
    try {
      return inbox.poll(ms, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The next message of that type; others on the way are dropped. */
  public JsonObject next(String type) {
    return await(m -> type.equals(m.getString("type")), WAIT_MS);
  }

  public JsonObject await(Predicate<JsonObject> match, long waitMs) {
    long deadline = System.currentTimeMillis() + waitMs;
    java.util.List<String> skipped = new java.util.ArrayList<>();
    try {
      while (true) {
        long left = deadline - System.currentTimeMillis();
        JsonObject m = left <= 0 ? null : inbox.poll(left, TimeUnit.MILLISECONDS);
        if (m == null) {
          fail("no matching message within " + waitMs + " ms; skipped " + skipped);
        }
        skipped.add(m.encode());
        if (match.test(m)) {
          return m;
        }
      }
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An {@code error} answer with that code; the socket is still open. */
  public JsonObject expectError(String code) {
    JsonObject e = next("error");
    assertEquals(code, e.getString("code"), e.encode());
    return e;
  }

  /** Within {@code ms}, no message of that type arrives (others are dropped). */
  public void assertNone(String type, long ms) {
    long deadline = System.currentTimeMillis() + ms;
    try {
      for (long left = ms; left > 0; left = deadline - System.currentTimeMillis()) {
        JsonObject m = inbox.poll(left, TimeUnit.MILLISECONDS);
        if (m != null && type.equals(m.getString("type"))) {
          fail("unexpected " + m.encode());
        }
      }
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  public void assertQuiet(long ms) {
    try {
      JsonObject m = inbox.poll(ms, TimeUnit.MILLISECONDS);
      if (m != null) {
        fail("unexpected message " + m.encode());
      }
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Waits for the server to close the socket and returns its close code. */
  public short closeCode(long waitMs) {
    try {
      return closed.get(waitMs, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("socket not closed within " + waitMs + " ms", e);
    }
  }

  public boolean isClosed() {
    return closed.isDone();
  }

  @Override
  public void close() {
    try {
      if (!ws.isClosed()) {
        ws.close().await(5, TimeUnit.SECONDS);
      }
    } catch (Exception ignored) {
      // Already gone.
    } finally {
      client.close();
    }
  }
}

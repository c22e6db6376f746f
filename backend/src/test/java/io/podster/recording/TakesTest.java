package io.podster.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podster.Browser;
import io.podster.TestNode;
import io.podster.db.Database;
import io.podster.domain.DomainError;
import io.podster.signaling.WsPeer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TakesTest {
  static TestNode node;
  static Pool pool;
  static Takes takes;

  @BeforeAll
  static void start() {
    node = TestNode.start();
    pool = Database.pool(node.node().vertx(), node.node().config().database());
    takes = new Takes(pool, Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    pool.close();
    node.close();
  }

  static String[] hostAndRoom() {
    Browser b = node.browser();
    String userId = b.signUp("t" + System.nanoTime() + "@example.com", "password1", "Host").getString("id");
    JsonObject room = b.post("/api/rooms", new JsonObject().put("name", "R")).bodyAsJsonObject().getJsonObject("room");
    return new String[] {userId, room.getString("id")};
  }

  @Test
  @DisplayName("a take starts with the server's time, cannot start twice, and stops once")
  void lifecycle() throws Exception {
    String[] ids = hostAndRoom();
    long before = System.currentTimeMillis();
    Take t = takes.start(ids[1], ids[0]).await(10, TimeUnit.SECONDS);
    assertTrue(t.running());
    assertTrue(t.startedAt() >= before && t.startedAt() <= System.currentTimeMillis());
    assertEquals(t.id(), takes.running(ids[1]).await(10, TimeUnit.SECONDS).orElseThrow().id());

    Exception twice = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> takes.start(ids[1], ids[0]).await(10, TimeUnit.SECONDS));
    assertEquals("already_recording", ((DomainError) rootDomainError(twice)).code());

    Take stopped = takes.stop(ids[1]).await(10, TimeUnit.SECONDS);
    assertFalse(stopped.running());
    assertTrue(stopped.stoppedAt() >= stopped.startedAt());
    Exception again = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> takes.stop(ids[1]).await(10, TimeUnit.SECONDS));
    assertEquals("not_recording", ((DomainError) rootDomainError(again)).code());

    takes.start(ids[1], ids[0]).await(10, TimeUnit.SECONDS);
    assertEquals(2, takes.list(ids[1]).await(10, TimeUnit.SECONDS).size());
    assertEquals(t.id(), takes.find(t.id()).await(10, TimeUnit.SECONDS).orElseThrow().id());
  }

  @Test
  @DisplayName("five parallel POST /api/rooms/{id}/takes: exactly one 201, four 409 already_recording")
  void parallelStartsOverHttp() throws Exception {
    Browser b = node.browser();
    b.signUp("p" + System.nanoTime() + "@example.com", "password1", "Host");
    String roomId = b.post("/api/rooms", new JsonObject().put("name", "R")).bodyAsJsonObject().getJsonObject("room").getString("id");
    for (int round = 0; round < 3; round++) {
      CountDownLatch go = new CountDownLatch(1);
      List<CompletableFuture<HttpResponse<Buffer>>> calls = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        calls.add(CompletableFuture.supplyAsync(() -> {
          awaitQuietly(go);
          return b.post("/api/rooms/" + roomId + "/takes", null);
        }, POOL));
      }
      go.countDown();
      List<Integer> statuses = new ArrayList<>();
      for (CompletableFuture<HttpResponse<Buffer>> c : calls) {
        HttpResponse<Buffer> r = c.get(30, TimeUnit.SECONDS);
        statuses.add(r.statusCode());
        if (r.statusCode() == 409) {
          assertEquals("already_recording", r.bodyAsJsonObject().getJsonObject("error").getString("code"));
        }
      }
      assertEquals(1, statuses.stream().filter(st -> st == 201).count(), "round " + round + ": " + statuses);
      assertEquals(4, statuses.stream().filter(st -> st == 409).count(), "round " + round + ": " + statuses);
      assertEquals(1, takes.list(roomId).await(10, TimeUnit.SECONDS).stream().filter(Take::running).count());
      takes.stop(roomId).await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  @DisplayName("five record-start messages at once on the socket: one take starts, four are already_recording")
  void parallelStartsOverSocket() throws Exception {
    Browser b = node.browser();
    b.signUp("w" + System.nanoTime() + "@example.com", "password1", "Host");
    String roomId = b.post("/api/rooms", new JsonObject().put("name", "R")).bodyAsJsonObject().getJsonObject("room").getString("id");
    Vertx clients = Vertx.vertx();
    try (WsPeer host = WsPeer.connect(clients, node.node().httpPort(), b)) {
      host.join(roomId);
      StringBuilder burst = new StringBuilder();
      for (int i = 1; i <= 5; i++) {
        host.send(new JsonObject().put("type", "record-start").put("id", i));
      }
      int started = 0;
      int refused = 0;
      for (int i = 0; i < 5; i++) {
        JsonObject m = host.await(x -> "record-started".equals(x.getString("type")) || "error".equals(x.getString("type")), WsPeer.WAIT_MS);
        burst.append(m.encode()).append('\n');
        if ("record-started".equals(m.getString("type"))) {
          started++;
        } else {
          assertEquals("already_recording", m.getString("code"), m.encode());
          refused++;
        }
      }
      assertEquals(1, started, burst.toString());
      assertEquals(4, refused, burst.toString());
      assertEquals(1, takes.list(roomId).await(10, TimeUnit.SECONDS).stream().filter(Take::running).count());
    } finally {
      clients.close().await(10, TimeUnit.SECONDS);
    }
  }

  private static final java.util.concurrent.ExecutorService POOL = java.util.concurrent.Executors.newFixedThreadPool(5);

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Throwable rootDomainError(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof DomainError) {
        return c;
      }
    }
    throw new AssertionError("no DomainError in " + e);
  }
}

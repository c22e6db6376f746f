package io.podster.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podster.Browser;
import io.podster.TestNode;
import io.podster.db.Database;
import io.podster.http.ApiError;
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
    assertEquals("already_recording", ((ApiError) rootApiError(twice)).code());

    Take stopped = takes.stop(ids[1]).await(10, TimeUnit.SECONDS);
    assertFalse(stopped.running());
    assertTrue(stopped.stoppedAt() >= stopped.startedAt());
    Exception again = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> takes.stop(ids[1]).await(10, TimeUnit.SECONDS));
    assertEquals("not_recording", ((ApiError) rootApiError(again)).code());

    takes.start(ids[1], ids[0]).await(10, TimeUnit.SECONDS);
    assertEquals(2, takes.list(ids[1]).await(10, TimeUnit.SECONDS).size());
    assertEquals(t.id(), takes.find(t.id()).await(10, TimeUnit.SECONDS).orElseThrow().id());
  }

  private static Throwable rootApiError(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof ApiError) {
        return c;
      }
    }
    throw new AssertionError("no ApiError in " + e);
  }
}

package io.podster.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.podster.Browser;
import io.podster.TestNode;
import io.podster.db.Database;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SessionPurgeTest {
  @Test
  @DisplayName("the periodic purge deletes expired session rows and leaves live sessions signed in")
  void purgesExpired() throws Exception {
    try (TestNode node = TestNode.start()) {
      Browser b = node.browser();
      String userId = b.signUp("purge-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com", "password1", "Purge").getString("id");
      Pool pool = Database.pool(node.node().vertx(), node.node().config().database());
      try {
        SessionRepository sessions = new SessionRepository(pool);
        long now = System.currentTimeMillis();
        String expired = UUID.randomUUID().toString();
        sessions.insert(new SessionRepository.Session(expired, userId, null, now - 1000), now - 86_400_000).await(10, TimeUnit.SECONDS);
        assertEquals(1, count(pool, expired));

        long timer = new SessionPurge(node.node().vertx(), pool, Clock.systemUTC()).schedule(Duration.ofMillis(100));
        try {
          long deadline = System.currentTimeMillis() + 10_000;
          while (count(pool, expired) != 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
          }
        } finally {
          node.node().vertx().cancelTimer(timer);
        }
        assertEquals(0, count(pool, expired), "the expired row is gone");
        assertEquals(200, b.get("/api/me").statusCode(), "the live session still works");
        assertEquals(1, pool.preparedQuery("SELECT COUNT(*) AS n FROM sessions WHERE user_id = ?").execute(Tuple.of(userId))
            .await(10, TimeUnit.SECONDS).iterator().next().getLong("n"));
      } finally {
        pool.close().await(10, TimeUnit.SECONDS);
      }
    }
  }

  private static long count(Pool pool, String id) throws Exception {
    return pool.preparedQuery("SELECT COUNT(*) AS n FROM sessions WHERE id = ?").execute(Tuple.of(id))
        .await(10, TimeUnit.SECONDS).iterator().next().getLong("n");
  }
}

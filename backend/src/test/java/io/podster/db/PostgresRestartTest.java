package io.podster.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podster.Browser;
import io.podster.TestCluster;
import io.podster.TestNode;
import io.podster.Tools;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stopped for a few seconds under a standalone node and a two-node cluster. Only on
 * PostgreSQL runs (on H2 there is no server to stop); the outage is short because other tests
 * share the server, and it is always started again.
 */
class PostgresRestartTest {
  private static final long OUTAGE_MS = 5000;
  private static final long BACK_WITHIN_MS = 5000;

  @Test
  @DisplayName("while PostgreSQL is down the API answers 503 unavailable with Retry-After; within 5 s of its return every node serves again, no restart")
  void restart() throws Exception {
    Assumptions.assumeTrue("postgres".equals(System.getProperty("podster.test.db")), "needs a PostgreSQL server to stop");
    try (TestNode single = TestNode.start();
        TestCluster cluster = TestCluster.start(2, Map.of())) {
      Map<String, TestNode> nodes = new LinkedHashMap<>();
      nodes.put("standalone", single);
      nodes.put("cluster node 1", cluster.node(0));
      nodes.put("cluster node 2", cluster.node(1));
      Map<String, Browser> signedIn = new LinkedHashMap<>();
      for (var e : nodes.entrySet()) {
        Browser b = e.getValue().browser();
        b.signUp("pg-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com", "password1", "Restart");
        assertEquals(200, b.get("/api/me").statusCode());
        signedIn.put(e.getKey(), b);
      }

      long startedAt;
      try {
        pgctl("stop", "-m", "fast");
        long stoppedAt = System.nanoTime();
        for (var e : nodes.entrySet()) {
          HttpResponse<Buffer> r = signedIn.get(e.getKey()).get("/api/me");
          assertEquals(503, r.statusCode(), e.getKey() + ": " + r.bodyAsString());
          assertEquals("unavailable", r.bodyAsJsonObject().getJsonObject("error").getString("code"));
          assertTrue(Integer.parseInt(r.getHeader("Retry-After")) > 0, e.getKey() + " sends Retry-After");
          HttpResponse<Buffer> ready = e.getValue().client().get("/health/ready").send().await(10, TimeUnit.SECONDS);
          assertEquals(503, ready.statusCode(), ready.bodyAsString());
          assertTrue(ready.bodyAsString().contains("\"database\""), ready.bodyAsString());
          long live = System.nanoTime();
          assertEquals(200, e.getValue().client().get("/health/live").send().await(10, TimeUnit.SECONDS).statusCode());
          assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - live) < 1000, "the event loop is not held");
        }
        long left = OUTAGE_MS - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAt);
        if (left > 0) {
          Thread.sleep(left);
        }
      } finally {
        pgctl("start");
        startedAt = System.nanoTime();
      }

      for (var e : nodes.entrySet()) {
        Browser b = signedIn.get(e.getKey());
        int status = 0;
        while (TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt) < BACK_WITHIN_MS + 2000) {
          status = b.get("/api/me").statusCode();
          if (status == 200) {
            break;
          }
          Thread.sleep(100);
        }
        double seconds = (System.nanoTime() - startedAt) / 1e9;
        System.out.printf("%s serves again %.2f s after PostgreSQL is back%n", e.getKey(), seconds);
        assertEquals(200, status, e.getKey() + " still fails after PostgreSQL came back");
        assertTrue(seconds * 1000 < BACK_WITHIN_MS, e.getKey() + " took " + seconds + " s");
        JsonObject room = b.post("/api/rooms", new JsonObject().put("name", "after")).bodyAsJsonObject();
        assertTrue(room.containsKey("room"), room.encode());
        assertEquals(200, e.getValue().client().get("/health/ready").send().await(10, TimeUnit.SECONDS).statusCode());
      }
    }
  }

  /** {@code pg_ctlcluster --skip-systemctl-redirect 15 main ACTION…}, as NOTES.md gives it. */
  private static void pgctl(String... action) throws Exception {
    java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("pg_ctlcluster", "--skip-systemctl-redirect", "15", "main"));
    cmd.addAll(java.util.List.of(action));
    Tools.Result r = Tools.run(60, cmd.toArray(String[]::new));
    if (r.exit() != 0) {
      throw new AssertionError(String.join(" ", cmd) + ": " + r.output());
    }
  }
}

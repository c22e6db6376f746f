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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
  private static final long OUTAGE_MS = 8000;
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

      ExecutorService each = Executors.newFixedThreadPool(nodes.size());
      try {
        long startedAt;
        long invokedAt = 0;
        try {
          pgctl("stop", "-m", "fast");
          long stoppedAt = System.nanoTime();
          // Every node at once, with traffic all through the outage as retrying browsers send it:
          // the pool keeps trying to connect meanwhile, which is what could make coming back slow.
          List<Future<Integer>> outage = new ArrayList<>();
          for (var e : nodes.entrySet()) {
            outage.add(each.submit(() -> during(e.getKey(), e.getValue(), signedIn.get(e.getKey()), stoppedAt)));
          }
          for (Future<Integer> f : outage) {
            System.out.println(f.get() + " requests to one node during the outage, all 503");
          }
        } finally {
          invokedAt = System.nanoTime();
          pgctl("start");
          startedAt = System.nanoTime();
        }
        System.out.printf("pg_ctlcluster start took %.2f s (the times below count from its return)%n", (startedAt - invokedAt) / 1e9);
        long back = startedAt;
        List<Future<Double>> recovery = new ArrayList<>();
        for (var e : nodes.entrySet()) {
          recovery.add(each.submit(() -> servesAgain(e.getKey(), e.getValue(), signedIn.get(e.getKey()), back)));
        }
        for (Future<Double> f : recovery) {
          assertTrue(f.get() * 1000 < BACK_WITHIN_MS, "took " + f.get() + " s");
        }
      } finally {
        each.shutdownNow();
      }
    }
  }

  /** Asserts 503 + Retry-After (and a node that still answers) until the outage has lasted long enough. */
  private static int during(String name, TestNode node, Browser b, long stoppedAt) throws Exception {
    HttpResponse<Buffer> ready = node.client().get("/health/ready").send().await(10, TimeUnit.SECONDS);
    assertEquals(503, ready.statusCode(), ready.bodyAsString());
    assertTrue(ready.bodyAsString().contains("\"database\""), ready.bodyAsString());
    long live = System.nanoTime();
    assertEquals(200, node.client().get("/health/live").send().await(10, TimeUnit.SECONDS).statusCode());
    assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - live) < 1000, name + ": the event loop is not held");
    int n = 0;
    do {
      HttpResponse<Buffer> r = b.get("/api/me");
      assertEquals(503, r.statusCode(), name + " during the outage: " + r.bodyAsString());
      assertEquals("unavailable", r.bodyAsJsonObject().getJsonObject("error").getString("code"));
      assertTrue(Integer.parseInt(r.getHeader("Retry-After")) > 0, name + " sends Retry-After");
      n++;
    } while (TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAt) < OUTAGE_MS);
    return n;
  }

  /** Seconds from PostgreSQL's return until the node answers a signed-in request again. */
  private static double servesAgain(String name, TestNode node, Browser b, long startedAt) throws Exception {
    int status = 0;
    while (TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt) < BACK_WITHIN_MS + 3000) {
      status = b.get("/api/me").statusCode();
      if (status == 200) {
        break;
      }
      Thread.sleep(100);
    }
    double seconds = (System.nanoTime() - startedAt) / 1e9;
    System.out.printf("%s serves again %.2f s after PostgreSQL is back%n", name, seconds);
    assertEquals(200, status, name + " still fails after PostgreSQL came back");
    JsonObject room = b.post("/api/rooms", new JsonObject().put("name", "after")).bodyAsJsonObject();
    assertTrue(room.containsKey("room"), room.encode());
    assertEquals(200, node.client().get("/health/ready").send().await(10, TimeUnit.SECONDS).statusCode());
    return seconds;
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

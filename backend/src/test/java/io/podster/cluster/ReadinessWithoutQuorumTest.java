package io.podster.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podster.Browser;
import io.podster.TestCluster;
import io.podster.TestNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ReadinessWithoutQuorumTest {
  @Test
  @DisplayName("of two nodes, one killed: the survivor stays ready and serves; /health/cluster tells 1 of 2 configured members")
  void survivorStaysReady() throws Exception {
    try (TestCluster cluster = TestCluster.start(2, Map.of())) {
      TestNode survivor = cluster.node(0);
      TestNode killed = cluster.node(1);
      JsonObject before = survivor.adminJson("/health/cluster");
      assertEquals(2, before.getInteger("size"), before.encode());
      assertEquals(2, before.getInteger("configured"), before.encode());

      killed.node().cluster().manager().getHazelcastInstance().getLifecycleService().terminate();
      long deadline = System.currentTimeMillis() + 20_000;
      JsonObject after = survivor.adminJson("/health/cluster");
      while (after.getInteger("size") != 1 && System.currentTimeMillis() < deadline) {
        Thread.sleep(200);
        after = survivor.adminJson("/health/cluster");
      }
      assertEquals(1, after.getInteger("size"), after.encode());
      assertEquals(2, after.getInteger("configured"), "the operator still sees what the cluster should be");

      for (int i = 0; i < 5; i++) {
        HttpResponse<Buffer> ready = get(survivor, "/health/ready");
        assertEquals(200, ready.statusCode(), ready.bodyAsString());
        Thread.sleep(200);
      }
      Browser b = survivor.browser();
      b.signUp("survivor-" + System.nanoTime() + "@example.com", "password1", "Survivor");
      assertEquals(200, b.get("/api/me").statusCode());

      // The killed node is no member of anything: it says so, naming the check and nothing else.
      HttpResponse<Buffer> down = get(killed, "/health/ready");
      assertEquals(503, down.statusCode(), down.bodyAsString());
      JsonObject check = down.bodyAsJsonObject().getJsonArray("checks").stream()
          .map(JsonObject.class::cast).filter(c -> "cluster".equals(c.getString("id"))).findFirst().orElseThrow();
      assertEquals("DOWN", check.getString("status"));
      assertFalse(check.containsKey("data"), down.bodyAsString());
      assertTrue(!down.bodyAsString().contains("member") && !down.bodyAsString().contains("quorum"), down.bodyAsString());
    }
  }

  private static HttpResponse<Buffer> get(TestNode n, String path) throws Exception {
    return n.client().get(path).send().await(10, TimeUnit.SECONDS);
  }
}

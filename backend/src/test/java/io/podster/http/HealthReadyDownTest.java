package io.podster.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podster.TestNode;
import io.podster.config.PodsterConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class HealthReadyDownTest {
  @Test
  @DisplayName("/health/ready says DOWN, naming the object store and nothing more, when an external store goes away")
  void storeDown() {
    TestNode storeHost = TestNode.start();
    PodsterConfig.Storage store = storeHost.node().config().storage();
    try (TestNode node =
        TestNode.start(
            Map.of(
                "PODSTER_S3_ENDPOINT", store.effectiveEndpoint(),
                "PODSTER_S3_ACCESS_KEY", store.accessKey(),
                "PODSTER_S3_SECRET_KEY", store.secretKey()))) {
      assertEquals(200, node.client().get("/health/ready").send().await().statusCode());
      storeHost.close();
      HttpResponse<Buffer> down = node.client().get("/health/ready").send().await();
      assertEquals(503, down.statusCode(), down.bodyAsString());
      assertTrue(down.bodyAsString().contains("object-store"), down.bodyAsString());
      // Named, and nothing more: no exception message, host or port of the store.
      for (Object o : down.bodyAsJsonObject().getJsonArray("checks")) {
        JsonObject check = (JsonObject) o;
        assertEquals(Set.of("id", "status"), check.fieldNames(), down.bodyAsString());
      }
      assertFalse(down.bodyAsString().contains(String.valueOf(store.embeddedPort())), down.bodyAsString());
    }
  }
}

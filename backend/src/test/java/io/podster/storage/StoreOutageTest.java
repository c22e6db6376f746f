package io.podster.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podster.Browser;
import io.podster.TestNode;
import io.podster.config.PodsterConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** An external object store that goes away and comes back under a running node. */
class StoreOutageTest {
  @Test
  @DisplayName("while the object store is down an upload answers 503 unavailable with Retry-After and the node keeps serving; once it is back uploads work again")
  void storeOutage() throws Exception {
    Path storeDir = Files.createTempDirectory("podster-store");
    int port = TestStores.freePort();
    PodsterConfig.Storage s = TestStores.embedded(storeDir, port);
    EmbeddedObjectStore store = TestStores.start(s, storeDir);
    try (TestNode node =
        TestNode.start(
            Map.of(
                "PODSTER_S3_ENDPOINT", s.effectiveEndpoint(),
                "PODSTER_S3_BUCKET", s.bucket(),
                "PODSTER_S3_ACCESS_KEY", s.accessKey(),
                "PODSTER_S3_SECRET_KEY", s.secretKey()))) {
      Browser host = node.browser();
      host.signUp("store-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com", "password1", "Store");
      String roomId = host.post("/api/rooms", new JsonObject().put("name", "Outage")).bodyAsJsonObject().getJsonObject("room").getString("id");
      String takeId = host.post("/api/rooms/" + roomId + "/takes", null).bodyAsJsonObject().getJsonObject("take").getString("id");
      assertEquals(201, newRecording(host, roomId, takeId).statusCode());

      store.close();
      long t = System.nanoTime();
      HttpResponse<Buffer> down = newRecording(host, roomId, takeId);
      long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t);
      assertEquals(503, down.statusCode(), down.bodyAsString());
      assertEquals("unavailable", down.bodyAsJsonObject().getJsonObject("error").getString("code"));
      assertTrue(Integer.parseInt(down.getHeader("Retry-After")) > 0);
      System.out.println("upload refused with 503 " + tookMs + " ms after asking, store down");
      assertEquals(200, host.get("/api/me").statusCode(), "what needs no store still works");
      assertEquals(200, host.get("/api/rooms").statusCode());
      HttpResponse<Buffer> ready = node.client().get("/health/ready").send().await(10, TimeUnit.SECONDS);
      assertEquals(503, ready.statusCode());
      assertTrue(ready.bodyAsString().contains("\"object-store\""), ready.bodyAsString());

      store = TestStores.start(s, storeDir);
      long back = System.nanoTime();
      int status = 0;
      while (TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - back) < 10_000 && status != 201) {
        status = newRecording(host, roomId, takeId).statusCode();
      }
      System.out.printf("uploads work again %.2f s after the store is back%n", (System.nanoTime() - back) / 1e9);
      assertEquals(201, status, "uploads work again once the store is back");
      assertEquals(200, node.client().get("/health/ready").send().await(10, TimeUnit.SECONDS).statusCode());
    } finally {
      store.close();
    }
  }

  private static HttpResponse<Buffer> newRecording(Browser b, String roomId, String takeId) {
    return b.post(
        "/api/recordings",
        new JsonObject().put("roomId", roomId).put("takeId", takeId).put("kind", "audio").put("mimeType", "audio/webm;codecs=opus"));
  }
}

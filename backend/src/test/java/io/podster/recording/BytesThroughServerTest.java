package io.podster.recording;

import static io.podster.recording.Studio.MIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podster.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The product's central promise: media never passes through Podster. Every API call of a 50 MiB
 * upload goes through a byte-counting proxy; the parts go straight to the store.
 */
class BytesThroughServerTest {
  static final int PARTS = 10;
  static final int PART_SIZE = 5 * MIB;
  static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start(Map.of("PODSTER_SIGNUPS_PER_ADDRESS", "10000"));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  @DisplayName("a 50 MiB upload moves under 0.2% of its size through the Podster server")
  void fiftyMiB() throws Exception {
    Studio s = new Studio(node);
    String bearer = "Bearer " + s.host.cookie("podster_session");
    try (CountingProxy proxy = new CountingProxy(node.node().httpPort())) {
      String api = "http://127.0.0.1:" + proxy.port() + "/api";
      JsonObject rec = call("POST", api + "/recordings", bearer, new JsonObject().put("roomId", s.roomId())
          .put("takeId", s.takeId()).put("kind", "camera").put("mimeType", "video/webm;codecs=vp8,opus"), 201)
          .getJsonObject("recording");
      String id = rec.getString("id");
      JsonArray wanted = new JsonArray();
      for (int i = 1; i <= PARTS; i++) {
        wanted.add(new JsonObject().put("partNumber", i).put("size", PART_SIZE));
      }
      JsonArray urls = call("POST", api + "/recordings/" + id + "/parts", bearer, new JsonObject().put("parts", wanted), 200)
          .getJsonArray("parts");

      // Four PUTs in flight, straight to the store, like the SPA's uploader.
      byte[] part = Studio.bytes(PART_SIZE, 42);
      Semaphore inFlight = new Semaphore(4);
      List<CompletableFuture<String>> etags = new ArrayList<>();
      long t0 = System.nanoTime();
      for (int i = 0; i < PARTS; i++) {
        inFlight.acquire();
        HttpRequest put = HttpRequest.newBuilder(URI.create(urls.getJsonObject(i).getString("url")))
            .PUT(HttpRequest.BodyPublishers.ofByteArray(part)).build();
        etags.add(Studio.HTTP.sendAsync(put, HttpResponse.BodyHandlers.discarding())
            .whenComplete((r, e) -> inFlight.release())
            .thenApply(r -> {
              assertEquals(200, r.statusCode());
              return r.headers().firstValue("ETag").orElseThrow();
            }));
      }
      JsonArray parts = new JsonArray();
      for (int i = 0; i < PARTS; i++) {
        parts.add(new JsonObject().put("partNumber", i + 1).put("etag", etags.get(i).get()));
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      call("GET", api + "/recordings/" + id + "/parts", bearer, null, 200);
      JsonObject done = call("POST", api + "/recordings/" + id + "/complete", bearer, new JsonObject().put("parts", parts), 200)
          .getJsonObject("recording");
      assertEquals((long) PARTS * PART_SIZE, done.getLong("size"));
      call("GET", api + "/recordings?roomId=" + s.roomId(), bearer, null, 200);

      long total = (long) PARTS * PART_SIZE;
      System.out.printf("50 MiB upload: %d bytes through Podster (%d in, %d out) = %.4f%% of the media; PUTs %.1f MiB/s%n",
          proxy.total(), proxy.toServer.get(), proxy.fromServer.get(), 100.0 * proxy.total() / total, 50 / seconds);
      assertTrue(proxy.total() > 0, "the API calls went through the proxy");
      assertTrue(proxy.total() < total / 500, "under 0.2% of the media through the server: " + proxy.total());
    }
  }

  private static JsonObject call(String method, String url, String bearer, JsonObject body, int expected) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Authorization", bearer)
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()));
    HttpResponse<String> r = Studio.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(expected, r.statusCode(), r.body());
    return new JsonObject(r.body());
  }
}

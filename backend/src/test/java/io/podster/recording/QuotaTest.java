package io.podster.recording;

import static io.podster.recording.Studio.MIB;
import static io.podster.recording.Studio.assertError;
import static io.podster.recording.Studio.bytes;
import static io.podster.recording.Studio.completion;
import static io.podster.recording.Studio.presignSized;
import static io.podster.recording.Studio.put;
import static io.podster.recording.Studio.sized;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podster.Browser;
import io.podster.TestNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A 10 MiB quota, counted in bytes: what the store holds plus what signed URLs may still add. */
class QuotaTest {
  static final long QUOTA = 10L * MIB;
  static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start(Map.of("PODSTER_SIGNUPS_PER_ADDRESS", "10000", "PODSTER_QUOTA_BYTES", String.valueOf(QUOTA)));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  @DisplayName("the issue's attack: 60 MiB and 256 MiB PUTs to 5 MiB URLs are refused by the store; nothing beyond the quota is stored")
  void oversizedPutsRefused() throws Exception {
    Studio s = new Studio(node);
    String a = s.createRecording(s.host, "camera").getString("id");
    // An old client's 'partNumbers' alongside is ignored: the URLs are bound to the stated sizes.
    JsonObject body = sized(1, 5L * MIB, 5L * MIB).put("partNumbers", new JsonArray().add(1).add(2));
    HttpResponse<Buffer> signed = s.host.post("/api/recordings/" + a + "/parts", body);
    assertEquals(200, signed.statusCode(), signed.bodyAsString());
    JsonArray urls = signed.bodyAsJsonObject().getJsonArray("parts");
    assertEquals(5L * MIB, urls.getJsonObject(0).getLong("size"));

    assertEquals(403, putStatusOrRefused(urls.getJsonObject(0).getString("url"), new byte[60 * MIB]));
    assertEquals(403, putStatusOrRefused(urls.getJsonObject(1).getString("url"), new byte[256 * MIB]));
    assertEquals(0, storedBytes(s.host, a), "the store kept nothing it refused");

    // Another upload cannot sign anything more, whatever its part number or stated size.
    String b = s.createRecording(s.host, "screen").getString("id");
    assertError(s.host.post("/api/recordings/" + b + "/parts", sized(2046, 5L * MIB)), 413, "quota_exceeded");
    assertError(s.host.post("/api/recordings/" + b + "/parts", sized(1, 60L * MIB)), 413, "quota_exceeded");
    assertError(s.host.post("/api/recordings/" + b + "/parts", sized(1, 256L * MIB)), 413, "quota_exceeded");
    assertError(s.host.post("/api/recordings/" + b + "/parts", sized(1, 1)), 413, "quota_exceeded");

    List<String> etags = List.of(put(urls.getJsonObject(0).getString("url"), bytes(5 * MIB, 1)),
        put(urls.getJsonObject(1).getString("url"), bytes(5 * MIB, 2)));
    assertEquals(QUOTA, storedBytes(s.host, a));
    HttpResponse<Buffer> done = s.host.post("/api/recordings/" + a + "/complete", completion(etags));
    assertEquals(200, done.statusCode(), done.bodyAsString());
    assertEquals(QUOTA, done.bodyAsJsonObject().getJsonObject("recording").getLong("size"));
    assertError(s.host.post("/api/recordings/" + b + "/parts", sized(1, 1)), 413, "quota_exceeded");
  }

  @Test
  @DisplayName("exactly the quota is allowed, one byte more is 413; re-signing counts once, at the larger size while the old URL lives")
  void edges() throws Exception {
    Studio s = new Studio(node);
    String a = s.createRecording(s.host, "camera").getString("id");
    String b = s.createRecording(s.host, "screen").getString("id");
    presignSized(s.host, a, 1, 5L * MIB, 3L * MIB);
    presignSized(s.host, b, 1, 2L * MIB); // 10 MiB reserved: the quota exactly
    assertError(s.host.post("/api/recordings/" + b + "/parts", sized(1, 2L * MIB + 1)), 413, "quota_exceeded");
    // Re-signing the same parts (a retry) does not count twice.
    presignSized(s.host, a, 1, 5L * MIB, 3L * MIB);
    // Part 2 smaller now: the first URL (3 MiB) is still usable, so 3 MiB stays reserved.
    presignSized(s.host, a, 2, MIB);
    assertError(s.host.post("/api/recordings/" + b + "/parts", sized(1, 2L * MIB + 1)), 413, "quota_exceeded");

    // A stored part counts with its stored size; a deleted upload frees its bytes.
    String etag = put(presignSized(s.host, b, 1, 2L * MIB).getJsonObject(0).getString("url"), bytes(2 * MIB, 3));
    assertEquals(2L * MIB, storedBytes(s.host, b));
    assertEquals(204, s.host.delete("/api/recordings/" + a).statusCode());
    JsonObject done = s.host.post("/api/recordings/" + b + "/complete", completion(List.of(etag))).bodyAsJsonObject();
    assertEquals(2L * MIB, done.getJsonObject("recording").getLong("size"));
    // 2 MiB complete + 8 MiB signed: the quota again, possible only because a's 8 MiB were freed.
    String c = s.createRecording(s.host, "audio").getString("id");
    presignSized(s.host, c, 1, 8L * MIB);
    assertError(s.host.post("/api/recordings/" + c + "/parts", sized(2, 1)), 413, "quota_exceeded");
  }

  @Test
  @DisplayName("twelve presigns of 5 MiB at once across four uploads: two fit in 10 MiB, and the store never holds more")
  void parallelPresignsStayWithinQuota() throws Exception {
    Studio s = new Studio(node);
    List<String> ids = new ArrayList<>();
    for (String kind : List.of("camera", "screen", "audio", "camera")) {
      ids.add(s.createRecording(s.host, kind).getString("id"));
    }
    ExecutorService pool = Executors.newFixedThreadPool(12);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<CompletableFuture<HttpResponse<Buffer>>> calls = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        String id = ids.get(i % ids.size());
        int part = 1 + i / ids.size();
        calls.add(CompletableFuture.supplyAsync(() -> {
          try {
            go.await();
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
          return s.host.post("/api/recordings/" + id + "/parts", sized(part, 5L * MIB));
        }, pool));
      }
      go.countDown();
      List<String> granted = new ArrayList<>();
      for (CompletableFuture<HttpResponse<Buffer>> c : calls) {
        HttpResponse<Buffer> r = c.get();
        assertTrue(r.statusCode() == 200 || r.statusCode() == 413, r.bodyAsString());
        if (r.statusCode() == 200) {
          granted.add(r.bodyAsJsonObject().getJsonArray("parts").getJsonObject(0).getString("url"));
        }
      }
      assertEquals(2, granted.size(), "10 MiB holds two 5 MiB parts");
      for (String url : granted) {
        put(url, bytes(5 * MIB, 4));
      }
      long stored = 0;
      for (String id : ids) {
        stored += storedBytes(s.host, id);
      }
      assertTrue(stored <= QUOTA, stored + " bytes stored");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName("the quota is per account: another account's usage does not count")
  void perAccount() {
    Studio one = new Studio(node);
    Studio two = new Studio(node);
    presignSized(one.host, one.createRecording(one.host, "camera").getString("id"), 1, 5L * MIB, 5L * MIB);
    presignSized(two.host, two.createRecording(two.host, "camera").getString("id"), 1, 5L * MIB, 5L * MIB);
  }

  static long storedBytes(Browser b, String id) {
    JsonArray parts = b.get("/api/recordings/" + id + "/parts").bodyAsJsonObject().getJsonArray("parts");
    long sum = 0;
    for (int i = 0; i < parts.size(); i++) {
      sum += parts.getJsonObject(i).getLong("size");
    }
    return sum;
  }

  /** The store's status, or 403 when it refused by closing the connection before taking the body. */
  static int putStatusOrRefused(String url, byte[] body) throws InterruptedException {
    try {
      return Studio.HTTP.send(HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
          java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (java.io.IOException refused) {
      return 403;
    }
  }
}

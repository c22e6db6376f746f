package io.podster.recording;

import static io.podster.recording.Studio.bytes;
import static io.podster.recording.Studio.completion;
import static io.podster.recording.Studio.upload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podster.TestNode;
import io.podster.storage.ObjectStore;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Delete and complete of one recording at the same instant, round after round. */
class DeleteRaceTest {
  static TestNode node;
  static ObjectStore store;
  static ExecutorService threads;

  @BeforeAll
  static void start() {
    node = TestNode.start(Map.of("PODSTER_SIGNUPS_PER_ADDRESS", "10000"));
    store = ObjectStore.create(node.node().vertx(), node.node().config().storage());
    threads = Executors.newFixedThreadPool(2);
  }

  @AfterAll
  static void stop() {
    threads.shutdownNow();
    store.close();
    node.close();
  }

  @Test
  @DisplayName("delete racing complete: never a 500; each round ends deleted with nothing left in the store, or complete with its object")
  void deleteRacingComplete() throws Exception {
    Studio s = new Studio(node);
    List<String> outcomes = new ArrayList<>();
    for (int round = 0; round < 12; round++) {
      String id = s.createRecording(s.host, "camera").getString("id");
      JsonObject body = completion(upload(s.host, id, bytes(2000, round)));
      CountDownLatch go = new CountDownLatch(1);
      CompletableFuture<HttpResponse<Buffer>> delete = TakeFixture.at(threads, go, () -> s.host.delete("/api/recordings/" + id));
      CompletableFuture<HttpResponse<Buffer>> complete = TakeFixture.at(threads, go, () -> s.host.post("/api/recordings/" + id + "/complete", body));
      go.countDown();
      HttpResponse<Buffer> d = delete.get(60, TimeUnit.SECONDS);
      HttpResponse<Buffer> c = complete.get(60, TimeUnit.SECONDS);
      String seen = "round " + round + ": delete " + d.statusCode() + ", complete " + c.statusCode() + " " + c.bodyAsString();
      outcomes.add(d.statusCode() + "/" + c.statusCode());
      assertEquals(204, d.statusCode(), seen);
      assertTrue(c.statusCode() == 200 || c.statusCode() == 409, seen);

      String state = state(s, id);
      boolean objectLeft = !objects(s, id).isEmpty();
      if ("complete".equals(state)) {
        assertTrue(objectLeft, seen + ": complete without its object");
      } else {
        assertTrue(state == null || "aborted".equals(state), seen + ": state " + state);
        assertTrue(!objectLeft, seen + ": deleted, yet its object is still stored");
        assertEquals(0, uploads(s, id), seen + ": deleted, yet its parts are still stored");
      }
    }
    System.out.println("delete/complete statuses per round: " + outcomes);
  }

  /** The recording's state as listed, or null once its row is gone. */
  private static String state(Studio s, String id) {
    JsonArray all = s.host.get("/api/recordings?roomId=" + s.roomId()).bodyAsJsonObject().getJsonArray("recordings");
    for (int i = 0; i < all.size(); i++) {
      if (all.getJsonObject(i).getString("id").equals(id)) {
        return all.getJsonObject(i).getString("state");
      }
    }
    return null;
  }

  private static List<String> objects(Studio s, String id) throws Exception {
    return store.client().listObjectsV2(l -> l.bucket(store.bucket()).prefix(prefix(s))).get(20, TimeUnit.SECONDS)
        .contents().stream().map(o -> o.key()).filter(k -> k.contains(id)).toList();
  }

  private static long uploads(Studio s, String id) throws Exception {
    return store.client().listMultipartUploads(l -> l.bucket(store.bucket()).prefix(prefix(s))).get(20, TimeUnit.SECONDS)
        .uploads().stream().filter(u -> u.key().contains(id)).count();
  }

  private static String prefix(Studio s) {
    return "rooms/" + s.roomId() + "/takes/" + s.takeId() + "/";
  }
}

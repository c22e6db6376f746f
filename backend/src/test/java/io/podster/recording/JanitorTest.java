package io.podster.recording;

import static io.podster.recording.Studio.assertError;
import static io.podster.recording.Studio.bytes;
import static io.podster.recording.Studio.completion;
import static io.podster.recording.Studio.upload;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.podster.TestNode;
import io.podster.db.Database;
import io.podster.storage.ObjectStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Lock;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class JanitorTest {
  static TestNode node;
  static Pool pool;
  static ObjectStore store;

  @BeforeAll
  static void start() {
    node = TestNode.start(Map.of("PODSTER_SIGNUPS_PER_ADDRESS", "10000"));
    pool = Database.pool(node.node().vertx(), node.node().config().database());
    store = ObjectStore.create(node.node().vertx(), node.node().config().storage());
  }

  @AfterAll
  static void stop() {
    store.close();
    pool.close();
    node.close();
  }

  UploadJanitor janitor(Duration clockAhead) {
    Clock later = Clock.offset(Clock.systemUTC(), clockAhead);
    return UploadJanitor.create(node.node().vertx(), pool, store, later, Duration.ofHours(24));
  }

  @Test
  @DisplayName("uploads idle longer than the age are aborted in the store and marked aborted; fresh and complete ones stay")
  void abortsStale() throws Exception {
    Studio s = new Studio(node);
    String stale = s.createRecording(s.host, "camera").getString("id");
    upload(s.host, stale, bytes(100, 1));
    String done = s.createRecording(s.host, "screen").getString("id");
    List<String> etags = upload(s.host, done, bytes(100, 2));
    assertEquals(200, s.host.post("/api/recordings/" + done + "/complete", completion(etags)).statusCode());

    assertEquals(0, janitor(Duration.ofHours(23)).sweep().await(20, TimeUnit.SECONDS), "not idle for 24 h yet");
    assertEquals(1, janitor(Duration.ofHours(25)).sweep().await(20, TimeUnit.SECONDS));
    JsonArray all = s.host.get("/api/recordings?roomId=" + s.roomId()).bodyAsJsonObject().getJsonArray("recordings");
    assertEquals("aborted", find(all, stale).getString("state"));
    assertEquals("complete", find(all, done).getString("state"));
    assertError(s.host.get("/api/recordings/" + stale + "/parts"), 409, "not_uploading");
    assertEquals(0, janitor(Duration.ofHours(25)).sweep().await(20, TimeUnit.SECONDS), "nothing left to abort");
  }

  @Test
  @DisplayName("while another node holds the janitor lock, a sweep does nothing")
  void oneNodeAtATime() throws Exception {
    Studio s = new Studio(node);
    s.createRecording(s.host, "camera");
    Lock lock = node.node().vertx().sharedData().getLockWithTimeout(UploadJanitor.LOCK, 1000).await(5, TimeUnit.SECONDS);
    try {
      assertEquals(0, janitor(Duration.ofHours(25)).sweep().await(20, TimeUnit.SECONDS));
    } finally {
      lock.release();
    }
    assertEquals(1, janitor(Duration.ofHours(25)).sweep().await(20, TimeUnit.SECONDS));
  }

  private static JsonObject find(JsonArray all, String id) {
    for (int i = 0; i < all.size(); i++) {
      if (all.getJsonObject(i).getString("id").equals(id)) {
        return all.getJsonObject(i);
      }
    }
    throw new AssertionError(id + " not listed");
  }
}

package io.podster.recording;

import static io.podster.recording.Studio.assertError;
import static io.podster.recording.Studio.bytes;
import static io.podster.recording.Studio.completion;
import static io.podster.recording.Studio.presignSized;
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

  @Test
  @DisplayName("an upload ages by its last stored part: signing part 1 again does not keep it alive")
  void represignDoesNotRefresh() throws Exception {
    Studio s = new Studio(node);
    String id = s.createRecording(s.host, "camera").getString("id");
    presignSized(s.host, id, 1, 100);
    age(id, Duration.ofHours(48));
    presignSized(s.host, id, 1, 100); // the same part again: not progress
    janitor(Duration.ZERO).sweep().await(20, TimeUnit.SECONDS);
    assertEquals("aborted", state(s, id), "re-signing part 1 refreshed the upload's age");
  }

  @Test
  @DisplayName("a part stored since the cutoff keeps an upload, however old its row says it is")
  void storedPartKeepsUpload() throws Exception {
    Studio s = new Studio(node);
    String id = s.createRecording(s.host, "camera").getString("id");
    upload(s.host, id, bytes(100, 3));
    age(id, Duration.ofHours(48));
    janitor(Duration.ZERO).sweep().await(20, TimeUnit.SECONDS);
    assertEquals("uploading", state(s, id));
    assertEquals(0, janitor(Duration.ofHours(23)).sweep().await(20, TimeUnit.SECONDS), "its age is the part's, not the row's");
    assertEquals(204, s.host.delete("/api/recordings/" + id).statusCode());
  }

  @Test
  @DisplayName("the janitor's abort waits for the recording's lock, the one complete and delete hold")
  void abortTakesTheRecordingLock() throws Exception {
    Studio s = new Studio(node);
    String id = s.createRecording(s.host, "camera").getString("id");
    io.vertx.core.Promise<Void> taken = io.vertx.core.Promise.promise();
    io.vertx.core.Promise<Void> held = io.vertx.core.Promise.promise();
    new RecordingLocks(node.node().vertx()).recording(id, () -> {
      taken.complete();
      return held.future();
    });
    taken.future().await(5, TimeUnit.SECONDS);
    io.vertx.core.Future<Integer> sweep;
    try {
      sweep = janitor(Duration.ofHours(25)).sweep();
      Thread.sleep(700);
      assertEquals("uploading", state(s, id), "aborted while a complete or delete held the lock");
    } finally {
      held.complete();
    }
    sweep.await(20, TimeUnit.SECONDS);
    assertEquals("aborted", state(s, id));
  }

  /** Makes the row look last active {@code ago} before now (as if the node had been down that long). */
  private static void age(String id, Duration ago) throws Exception {
    pool.preparedQuery("UPDATE recordings SET updated_at = ? WHERE id = ?")
        .execute(io.vertx.sqlclient.Tuple.of(System.currentTimeMillis() - ago.toMillis(), id))
        .await(10, TimeUnit.SECONDS);
  }

  private static String state(Studio s, String id) {
    return find(s.host.get("/api/recordings?roomId=" + s.roomId()).bodyAsJsonObject().getJsonArray("recordings"), id).getString("state");
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

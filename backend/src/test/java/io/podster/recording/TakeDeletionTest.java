package io.podster.recording;

import static io.podster.recording.Studio.assertError;
import static io.podster.recording.Studio.bytes;
import static io.podster.recording.Studio.completion;
import static io.podster.recording.Studio.upload;
import static io.podster.recording.TakeFixture.completeTrack;
import static io.podster.recording.TakeFixture.create;
import static io.podster.recording.TakeFixture.deleteTake;
import static io.podster.recording.TakeFixture.listed;
import static io.podster.recording.TakeFixture.newTake;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podster.Browser;
import io.podster.TestNode;
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

/** Deleting a take: what leaves the store, what stays, and deletes racing the take's own uploads. */
class TakeDeletionTest {
  static TestNode node;
  static TakeFixture fx;
  static ExecutorService threads;

  @BeforeAll
  static void start() {
    node = TestNode.start(Map.of("PODSTER_SIGNUPS_PER_ADDRESS", "10000"));
    fx = new TakeFixture(node);
    threads = Executors.newFixedThreadPool(4);
  }

  @AfterAll
  static void stop() {
    threads.shutdownNow();
    fx.close();
    node.close();
  }

  @Test
  @DisplayName("deleting a stopped take removes every track from the store (objects deleted, an unfinished upload aborted) and from the list; a replay answers 204")
  void deletesEverything() throws Exception {
    Studio s = new Studio(node);
    Browser grace = s.participant("Grace");
    String hostCamera = completeTrack(s.host, s.roomId(), s.takeId(), "camera", 1);
    String graceAudio = completeTrack(grace, s.roomId(), s.takeId(), "audio", 2);
    String graceScreen = create(grace, s.roomId(), s.takeId(), "screen").bodyAsJsonObject().getJsonObject("recording").getString("id");
    upload(grace, graceScreen, bytes(1000, 3));
    // Another take of the room, which must be left alone.
    fx.stop(s.roomId());
    String kept = newTake(s.host, s.roomId());
    String keptTrack = completeTrack(s.host, s.roomId(), kept, "camera", 4);
    fx.stop(s.roomId());
    assertEquals(2, fx.objects(s.roomId(), s.takeId()).size());
    assertEquals(1, fx.uploads(s.roomId(), s.takeId()).size());

    HttpResponse<Buffer> d = deleteTake(s.host, s.roomId(), s.takeId());
    assertEquals(204, d.statusCode(), d.bodyAsString());
    assertEquals(List.of(), fx.objects(s.roomId(), s.takeId()), "every object of the take is gone from the store");
    assertEquals(List.of(), fx.uploads(s.roomId(), s.takeId()), "the unfinished upload is aborted");
    assertNull(listed(s.host, s.roomId(), s.takeId()), "the take is no longer listed");
    assertError(s.host.get("/api/rooms/" + s.roomId() + "/takes/" + s.takeId() + "/manifest"), 404, "not_found");
    JsonArray recs = s.host.get("/api/recordings?roomId=" + s.roomId()).bodyAsJsonObject().getJsonArray("recordings");
    assertEquals(List.of(graceScreen + ":aborted", keptTrack + ":complete"),
        recs.stream().map(o -> ((JsonObject) o).getString("id") + ":" + ((JsonObject) o).getString("state")).toList(),
        "the complete tracks' rows are gone, the aborted upload is marked so");
    assertError(s.host.get("/api/recordings/" + hostCamera + "/download"), 404, "not_found");
    assertError(grace.get("/api/recordings/" + graceAudio + "/download"), 404, "not_found");
    assertError(grace.post("/api/recordings/" + graceScreen + "/parts", Studio.sized(2, 100)), 409, "not_uploading");
    assertError(create(grace, s.roomId(), s.takeId(), "camera"), 404, "not_found");

    assertEquals(204, deleteTake(s.host, s.roomId(), s.takeId()).statusCode(), "a replay answers the same");
    assertEquals(1, fx.objects(s.roomId(), kept).size(), "the other take keeps its track");
    assertEquals(2, listed(s.host, s.roomId(), kept).getInteger("number"), "the take after a deleted one keeps its number");
  }

  @Test
  @DisplayName("a take being recorded cannot be deleted: 409 take_running, its tracks untouched; once stopped it can")
  void runningTake() throws Exception {
    Studio s = new Studio(node);
    completeTrack(s.host, s.roomId(), s.takeId(), "camera", 5);
    assertError(deleteTake(s.host, s.roomId(), s.takeId()), 409, "take_running");
    assertEquals(1, fx.objects(s.roomId(), s.takeId()).size());
    assertEquals(Boolean.FALSE, listed(s.host, s.roomId(), s.takeId()).getBoolean("deleting"));
    assertEquals(201, create(s.host, s.roomId(), s.takeId(), "screen").statusCode(), "it still records");
    fx.stop(s.roomId());
    assertEquals(204, deleteTake(s.host, s.roomId(), s.takeId()).statusCode());
    assertEquals(List.of(), fx.objects(s.roomId(), s.takeId()));
    assertEquals(List.of(), fx.uploads(s.roomId(), s.takeId()));
  }

  @Test
  @DisplayName("delete racing a track's complete, round after round: never a 500, and the take always ends with nothing in the store")
  void deleteRacingComplete() throws Exception {
    Studio s = new Studio(node);
    fx.stop(s.roomId());
    List<String> outcomes = new ArrayList<>();
    for (int round = 0; round < 8; round++) {
      String take = newTake(s.host, s.roomId());
      String id = create(s.host, s.roomId(), take, "camera").bodyAsJsonObject().getJsonObject("recording").getString("id");
      JsonObject body = completion(upload(s.host, id, bytes(2000, round)));
      fx.stop(s.roomId());
      CountDownLatch go = new CountDownLatch(1);
      CompletableFuture<HttpResponse<Buffer>> delete = TakeFixture.at(threads, go, () -> deleteTake(s.host, s.roomId(), take));
      CompletableFuture<HttpResponse<Buffer>> complete = TakeFixture.at(threads, go, () -> s.host.post("/api/recordings/" + id + "/complete", body));
      go.countDown();
      HttpResponse<Buffer> d = delete.get(60, TimeUnit.SECONDS);
      HttpResponse<Buffer> c = complete.get(60, TimeUnit.SECONDS);
      String seen = "round " + round + ": delete " + d.statusCode() + ", complete " + c.statusCode() + " " + c.bodyAsString();
      outcomes.add(d.statusCode() + "/" + c.statusCode());
      assertEquals(204, d.statusCode(), seen);
      assertTrue(c.statusCode() == 200 || c.statusCode() == 404 || c.statusCode() == 409, seen);
      assertEquals(List.of(), fx.objects(s.roomId(), take), seen + ": an object is left");
      assertEquals(List.of(), fx.uploads(s.roomId(), take), seen + ": an upload is left");
      assertNull(listed(s.host, s.roomId(), take), seen);
    }
    System.out.println("take delete/complete statuses per round: " + outcomes);
  }

  @Test
  @DisplayName("delete racing a late recording create for the take: the create is refused, or its upload is aborted by the delete; nothing is left in the store")
  void deleteRacingCreate() throws Exception {
    Studio s = new Studio(node);
    Browser grace = s.participant("Grace");
    fx.stop(s.roomId());
    List<String> outcomes = new ArrayList<>();
    for (int round = 0; round < 8; round++) {
      String take = newTake(s.host, s.roomId());
      completeTrack(s.host, s.roomId(), take, "camera", round);
      fx.stop(s.roomId());
      CountDownLatch go = new CountDownLatch(1);
      CompletableFuture<HttpResponse<Buffer>> delete = TakeFixture.at(threads, go, () -> deleteTake(s.host, s.roomId(), take));
      CompletableFuture<HttpResponse<Buffer>> late = TakeFixture.at(threads, go, () -> create(grace, s.roomId(), take, "audio"));
      go.countDown();
      HttpResponse<Buffer> d = delete.get(60, TimeUnit.SECONDS);
      HttpResponse<Buffer> c = late.get(60, TimeUnit.SECONDS);
      String seen = "round " + round + ": delete " + d.statusCode() + ", create " + c.statusCode() + " " + c.bodyAsString();
      outcomes.add(d.statusCode() + "/" + c.statusCode());
      assertEquals(204, d.statusCode(), seen);
      assertTrue(c.statusCode() == 201 || c.statusCode() == 404, seen);
      assertEquals(List.of(), fx.objects(s.roomId(), take), seen + ": an object is left");
      assertEquals(List.of(), fx.uploads(s.roomId(), take), seen + ": an upload is left");
      if (c.statusCode() == 201) {
        String id = c.bodyAsJsonObject().getJsonObject("recording").getString("id");
        assertError(grace.post("/api/recordings/" + id + "/parts", Studio.sized(1, 100)), 409, "not_uploading");
      }
    }
    System.out.println("take delete/late create statuses per round: " + outcomes);
  }

  @Test
  @DisplayName("three deletes of one take at once all answer 204 and leave nothing")
  void concurrentDeletes() throws Exception {
    Studio s = new Studio(node);
    completeTrack(s.host, s.roomId(), s.takeId(), "camera", 7);
    completeTrack(s.host, s.roomId(), s.takeId(), "audio", 8);
    String open = create(s.host, s.roomId(), s.takeId(), "screen").bodyAsJsonObject().getJsonObject("recording").getString("id");
    upload(s.host, open, bytes(500, 9));
    fx.stop(s.roomId());
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<HttpResponse<Buffer>>> calls = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      calls.add(TakeFixture.at(threads, go, () -> deleteTake(s.host, s.roomId(), s.takeId())));
    }
    go.countDown();
    for (CompletableFuture<HttpResponse<Buffer>> c : calls) {
      HttpResponse<Buffer> r = c.get(60, TimeUnit.SECONDS);
      assertEquals(204, r.statusCode(), r.bodyAsString());
    }
    assertEquals(List.of(), fx.objects(s.roomId(), s.takeId()));
    assertEquals(List.of(), fx.uploads(s.roomId(), s.takeId()));
  }

  @Test
  @DisplayName("the list gives each track's format, size, duration and state, and the take's name, start instant and deleting flag")
  void listShape() throws Exception {
    Studio s = new Studio(node);
    String id = completeTrack(s.host, s.roomId(), s.takeId(), "camera", 10);
    JsonObject take = listed(s.host, s.roomId(), s.takeId());
    assertEquals(s.take.getString("startAt"), take.getString("startAt"));
    assertEquals(Boolean.FALSE, take.getBoolean("deleting"));
    assertTrue(take.containsKey("name"));
    JsonObject track = take.getJsonArray("tracks").getJsonObject(0);
    assertEquals(id, track.getString("recordingId"));
    assertEquals("video/webm;codecs=vp9,opus", track.getString("mimeType"));
    assertEquals(3000L, track.getLong("size"));
    assertEquals("complete", track.getString("state"));
    assertTrue(track.containsKey("durationMs") && track.containsKey("sampleRate"), track.encode());
  }
}

package io.podster.recording;

import static io.podster.recording.Studio.assertError;
import static io.podster.recording.TakeFixture.completeTrack;
import static io.podster.recording.TakeFixture.deleteTake;
import static io.podster.recording.TakeFixture.listed;
import static io.podster.recording.TakeFixture.newTake;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podster.TestNode;
import io.podster.config.PodsterConfig;
import io.podster.storage.EmbeddedObjectStore;
import io.podster.storage.StoreCredentials;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A take deleted while the object store is down: 503, nothing lost track of, and finished once it is back. */
class TakeDeletionOutageTest {
  @Test
  @DisplayName("store down: DELETE answers 503 with Retry-After and the take stays listed as deleting with its tracks; "
      + "once the store is back a repeated DELETE, or the janitor, removes every object")
  void outage() throws Exception {
    Path storeDir = Files.createTempDirectory("podster-store");
    PodsterConfig.Storage s = StoreCredentials.resolve(
        new PodsterConfig.Storage(null, TestNode.freePort(), "us-east-1", "podster-takes", null, null, true), storeDir);
    EmbeddedObjectStore store = EmbeddedObjectStore.start(s, storeDir, List.of("http://127.0.0.1:8080"));
    try (TestNode node = TestNode.start(Map.of(
            "PODSTER_S3_ENDPOINT", s.effectiveEndpoint(), "PODSTER_S3_BUCKET", s.bucket(),
            "PODSTER_S3_ACCESS_KEY", s.accessKey(), "PODSTER_S3_SECRET_KEY", s.secretKey()));
        TakeFixture fx = new TakeFixture(node)) {
      Studio studio = new Studio(node);
      String room = studio.roomId();
      String first = studio.takeId();
      completeTrack(studio.host, room, first, "camera", 1);
      completeTrack(studio.host, room, first, "audio", 2);
      fx.stop(room);
      String second = newTake(studio.host, room);
      completeTrack(studio.host, room, second, "camera", 3);
      fx.stop(room);

      store.close();
      for (String take : List.of(first, second)) {
        HttpResponse<Buffer> down = deleteTake(studio.host, room, take);
        assertError(down, 503, "unavailable");
        assertTrue(Integer.parseInt(down.getHeader("Retry-After")) > 0);
        JsonObject listed = listed(studio.host, room, take);
        assertEquals(Boolean.TRUE, listed.getBoolean("deleting"), "shown as not deleted yet: " + listed.encode());
        assertTrue(listed.getJsonArray("tracks").stream().allMatch(t -> "complete".equals(((JsonObject) t).getString("state"))),
            "no track is lost track of: " + listed.encode());
      }
      store = EmbeddedObjectStore.start(s, storeDir, List.of("http://127.0.0.1:8080"));
      assertEquals(2, fx.objects(room, first).size(), "the store still holds the first take's objects");

      long back = System.nanoTime();
      int status = 0;
      while (status != 204 && TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - back) < 15) {
        status = deleteTake(studio.host, room, first).statusCode();
      }
      assertEquals(204, status, "a repeated DELETE finishes once the store is back");
      assertEquals(List.of(), fx.objects(room, first));
      assertNull(listed(studio.host, room, first));

      assertEquals(1, fx.objects(room, second).size());
      UploadJanitor janitor = UploadJanitor.create(node.node().vertx(), fx.pool, fx.store, Clock.systemUTC(), Duration.ofHours(720));
      janitor.sweep().await(30, TimeUnit.SECONDS);
      assertEquals(List.of(), fx.objects(room, second), "the janitor finished the interrupted deletion");
      assertNull(listed(studio.host, room, second));
      assertEquals(204, deleteTake(studio.host, room, second).statusCode());
    } finally {
      store.close();
    }
  }
}

package io.podster.recording;

import static io.podster.recording.Studio.MIB;
import static io.podster.recording.Studio.bytes;
import static io.podster.recording.Studio.completion;
import static io.podster.recording.Studio.sized;
import static io.podster.recording.Studio.upload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podster.TestNode;
import io.podster.auth.Principal;
import io.podster.db.Database;
import io.podster.domain.Conflict;
import io.podster.domain.DomainError;
import io.podster.domain.Forbidden;
import io.podster.domain.NotFound;
import io.podster.domain.QuotaExceeded;
import io.podster.domain.RateLimited;
import io.podster.domain.Unauthenticated;
import io.podster.metrics.PodsterMetrics;
import io.podster.rooms.RoomAccess;
import io.podster.rooms.RoomRepository;
import io.podster.storage.ObjectStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The coordinator called as the HTTP API calls it, in-process: each refusal is the domain's own
 * error kind and code, with no HTTP status in sight. A node provides the schema, the store and
 * the accounts (signed up over HTTP); the coordinators under test are built here on its database.
 */
class UploadCoordinatorTest {
  static final long QUOTA = 3L * MIB;
  static TestNode node;
  static Database database;
  static ObjectStore store;
  static UploadCoordinator uploads;

  @BeforeAll
  static void start() {
    node = TestNode.start(Map.of("PODSTER_SIGNUPS_PER_ADDRESS", "10000"));
    database = Database.open(node.node().vertx(), node.node().config().database());
    store = ObjectStore.create(node.node().vertx(), node.node().config().storage());
    uploads = coordinator(QUOTA);
  }

  @AfterAll
  static void stop() {
    store.close();
    database.close();
    node.close();
  }

  static UploadCoordinator coordinator(long quota) {
    Clock clock = Clock.systemUTC();
    return UploadCoordinator.create(node.node().vertx(), database.pool(), store,
        new RoomAccess(new RoomRepository(database.pool())), new Takes(database.pool(), clock), clock,
        PodsterMetrics.NONE, UploadCoordinator.Settings.of(quota));
  }

  static Principal user(String userId) {
    return new Principal(userId, null, Principal.ROLE_USER, null);
  }

  /** The domain error a call failed with, of the kind expected, whether thrown or failed. */
  static <E extends DomainError> E failure(Class<E> kind, java.util.function.Supplier<Future<?>> call) {
    Throwable e = assertThrows(Throwable.class, () -> call.get().await(20, TimeUnit.SECONDS));
    if (e instanceof CompletionException && e.getCause() != null) {
      e = e.getCause();
    }
    assertTrue(kind.isInstance(e), () -> "expected " + kind.getSimpleName());
    return kind.cast(e);
  }

  static JsonObject create(Studio s) {
    JsonObject body = new JsonObject().put("roomId", s.roomId()).put("takeId", s.takeId()).put("kind", "camera")
        .put("mimeType", "video/webm;codecs=vp9,opus");
    return uploads.create(user(s.hostId), body).await();
  }

  @Test
  @DisplayName("an unknown or malformed recording id: NotFound not_found, for every call")
  void unknownRecording() {
    Studio s = new Studio(node);
    Principal p = user(s.hostId);
    String unknown = UUID.randomUUID().toString();
    assertEquals("not_found", failure(NotFound.class, () -> uploads.presign(p, unknown, sized(1, 1000))).code());
    assertEquals("not_found", failure(NotFound.class, () -> uploads.listParts(p, unknown)).code());
    assertEquals("not_found", failure(NotFound.class, () -> uploads.complete(p, unknown, new JsonObject())).code());
    assertEquals("not_found", failure(NotFound.class, () -> uploads.delete(p, "not-a-uuid")).code());
    assertEquals("not_found", failure(NotFound.class, () -> uploads.download(p, unknown)).code());
    assertEquals("That recording was not found.", failure(NotFound.class, () -> uploads.download(p, unknown)).getMessage());
  }

  @Test
  @DisplayName("someone else's recording: Forbidden not_owner; a wrong upload token: Unauthenticated bad_upload_token")
  void wrongOwner() {
    Studio s = new Studio(node);
    JsonObject created = create(s);
    String id = created.getJsonObject("recording").getString("id");
    Principal stranger = user(UUID.randomUUID().toString());
    assertEquals("not_owner", failure(Forbidden.class, () -> uploads.presign(stranger, id, sized(1, 1000))).code());
    assertEquals("not_owner", failure(Forbidden.class, () -> uploads.complete(stranger, id, new JsonObject())).code());
    assertEquals("bad_upload_token", failure(Unauthenticated.class, () -> uploads.byUploadToken(id, "wrong")).code());
    Principal owner = uploads.byUploadToken(id, created.getString("uploadToken")).await();
    assertEquals(s.hostId, owner.userId());
  }

  @Test
  @DisplayName("a completed recording: presign is Conflict not_uploading, its token Conflict already_complete")
  void completedRecording() throws Exception {
    Studio s = new Studio(node);
    JsonObject created = create(s);
    String id = created.getJsonObject("recording").getString("id");
    JsonObject done = uploads.complete(user(s.hostId), id, completion(upload(s.host, id, bytes(1000, 1)))).await();
    assertEquals("complete", done.getJsonObject("recording").getString("state"));
    assertEquals("not_uploading", failure(Conflict.class, () -> uploads.presign(user(s.hostId), id, sized(1, 1000))).code());
    assertEquals("already_complete",
        failure(Conflict.class, () -> uploads.byUploadToken(id, created.getString("uploadToken"))).code());
  }

  @Test
  @DisplayName("past the quota: QuotaExceeded quota_exceeded, naming the quota")
  void quota() {
    Studio s = new Studio(node);
    String id = create(s).getJsonObject("recording").getString("id");
    QuotaExceeded e = failure(QuotaExceeded.class, () -> uploads.presign(user(s.hostId), id, sized(1, 4L * MIB)));
    assertEquals("quota_exceeded", e.code());
    assertTrue(e.getMessage().contains(String.valueOf(QUOTA)), e.getMessage());
  }

  @Test
  @DisplayName("deleting a take: NotFound not_found for an unknown one, Conflict take_running while it records")
  void takeDeletion() {
    Studio s = new Studio(node);
    Principal host = user(s.hostId);
    assertEquals("not_found", failure(NotFound.class, () -> uploads.deleteTake(host, s.roomId(), UUID.randomUUID().toString())).code());
    assertEquals("take_running", failure(Conflict.class, () -> uploads.deleteTake(host, s.roomId(), s.takeId())).code());
  }

  @Test
  @DisplayName("presigning too often: RateLimited with the seconds to wait")
  void rateLimited() {
    Studio s = new Studio(node);
    UploadCoordinator own = coordinator(QUOTA);
    String id = create(s).getJsonObject("recording").getString("id");
    for (int i = 0; i < UploadCoordinator.PRESIGNS_PER_MINUTE; i++) {
      own.presign(user(s.hostId), id, sized(1, 1000)).await();
    }
    RateLimited e = failure(RateLimited.class, () -> own.presign(user(s.hostId), id, sized(1, 1000)));
    assertEquals("rate_limited", e.code());
    assertTrue(e.retryAfterSeconds() > 0 && e.retryAfterSeconds() <= 60, String.valueOf(e.retryAfterSeconds()));
  }
}

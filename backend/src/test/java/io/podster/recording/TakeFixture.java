package io.podster.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.podster.Browser;
import io.podster.TestNode;
import io.podster.db.Database;
import io.podster.storage.ObjectStore;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Test fixture for the take view's edits: takes started over HTTP and stopped as the socket's
 * record-stop does, and what the store really holds under a take's prefix.
 */
final class TakeFixture implements AutoCloseable {
  final TestNode node;
  final Pool pool;
  final Takes takes;
  final ObjectStore store;

  TakeFixture(TestNode node) {
    this.node = node;
    this.pool = Database.pool(node.node().vertx(), node.node().config().database());
    this.takes = new Takes(pool, Clock.systemUTC());
    this.store = ObjectStore.create(node.node().vertx(), node.node().config().storage());
  }

  /** Starts a new take in the room; returns its id. */
  static String newTake(Browser host, String roomId) {
    HttpResponse<Buffer> t = host.post("/api/rooms/" + roomId + "/takes", null);
    assertEquals(201, t.statusCode(), t.bodyAsString());
    return t.bodyAsJsonObject().getJsonObject("take").getString("id");
  }

  /** A new recording of the take by {@code b}; answers the create's response. */
  static HttpResponse<Buffer> create(Browser b, String roomId, String takeId, String kind) {
    return b.post("/api/recordings", new JsonObject()
        .put("roomId", roomId).put("takeId", takeId).put("kind", kind).put("mimeType", "video/webm;codecs=vp9,opus"));
  }

  /** A recording of the take uploaded in one small part and completed; returns its id. */
  static String completeTrack(Browser b, String roomId, String takeId, String kind, long seed) throws Exception {
    HttpResponse<Buffer> c = create(b, roomId, takeId, kind);
    assertEquals(201, c.statusCode(), c.bodyAsString());
    String id = c.bodyAsJsonObject().getJsonObject("recording").getString("id");
    HttpResponse<Buffer> done = b.post("/api/recordings/" + id + "/complete", Studio.completion(Studio.upload(b, id, Studio.bytes(3000, seed))));
    assertEquals(200, done.statusCode(), done.bodyAsString());
    return id;
  }

  void stop(String roomId) throws Exception {
    takes.stop(roomId).await(10, TimeUnit.SECONDS);
  }

  static HttpResponse<Buffer> deleteTake(Browser b, String roomId, String takeId) {
    return b.delete("/api/rooms/" + roomId + "/takes/" + takeId);
  }

  static HttpResponse<Buffer> rename(Browser b, String roomId, String takeId, Object body) {
    return b.send(HttpMethod.PATCH, "/api/rooms/" + roomId + "/takes/" + takeId, body);
  }

  /** The take as the dashboard lists it, or null when it is not listed. */
  static JsonObject listed(Browser b, String roomId, String takeId) {
    HttpResponse<Buffer> r = b.get("/api/rooms/" + roomId + "/takes");
    assertEquals(200, r.statusCode(), r.bodyAsString());
    JsonArray all = r.bodyAsJsonObject().getJsonArray("takes");
    for (int i = 0; i < all.size(); i++) {
      if (all.getJsonObject(i).getString("id").equals(takeId)) {
        return all.getJsonObject(i);
      }
    }
    return null;
  }

  /** A request with the session cookies but headers of the test's choosing (origin, type, CSRF). */
  HttpRequest<Buffer> raw(Browser b, HttpMethod method, String path, String origin, String contentType, boolean csrf) {
    HttpRequest<Buffer> req = node.client().request(method, path)
        .putHeader("Cookie", "podster_session=" + b.cookie("podster_session") + "; podster_csrf=" + b.cookie("podster_csrf"));
    if (origin != null) {
      req.putHeader("Origin", origin);
    }
    if (contentType != null) {
      req.putHeader("Content-Type", contentType);
    }
    if (csrf) {
      req.putHeader("X-CSRF-Token", b.cookie("podster_csrf"));
    }
    return req;
  }

  /** Runs {@code call} on {@code threads} as soon as {@code go} opens: for calls that must race. */
  static <T> CompletableFuture<T> at(ExecutorService threads, CountDownLatch go, Supplier<T> call) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        go.await();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      return call.get();
    }, threads);
  }

  /** Object keys the store holds under the take's prefix. */
  List<String> objects(String roomId, String takeId) throws Exception {
    return store.client().listObjectsV2(l -> l.bucket(store.bucket()).prefix(prefix(roomId, takeId))).get(20, TimeUnit.SECONDS)
        .contents().stream().map(o -> o.key()).toList();
  }

  /** Unfinished multipart uploads the store holds under the take's prefix. */
  List<String> uploads(String roomId, String takeId) throws Exception {
    return store.client().listMultipartUploads(l -> l.bucket(store.bucket()).prefix(prefix(roomId, takeId))).get(20, TimeUnit.SECONDS)
        .uploads().stream().map(u -> u.key()).toList();
  }

  private static String prefix(String roomId, String takeId) {
    return "rooms/" + roomId + "/takes/" + takeId + "/";
  }

  @Override
  public void close() {
    store.close();
    pool.close();
  }
}

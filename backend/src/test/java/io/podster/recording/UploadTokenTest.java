package io.podster.recording;

import static io.podster.recording.Studio.MIB;
import static io.podster.recording.Studio.assertError;
import static io.podster.recording.Studio.bytes;
import static io.podster.recording.Studio.completion;
import static io.podster.recording.Studio.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podster.Browser;
import io.podster.TestNode;
import io.podster.db.Database;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The upload token returned by {@code POST /api/recordings}: the browser holding a recording's
 * chunks finishes that one recording without a session, and the token opens nothing else.
 */
class UploadTokenTest {
  static TestNode node;
  static Pool pool;

  @BeforeAll
  static void start() {
    node = TestNode.start(Map.of("PODSTER_SIGNUPS_PER_ADDRESS", "10000"));
    pool = Database.pool(node.node().vertx(), node.node().config().database());
  }

  @AfterAll
  static void stop() {
    pool.close();
    node.close();
  }

  @Test
  @DisplayName("a guest whose session was deleted still lists, presigns and completes its pending track by upload token")
  void guestFinishesAfterSessionIsGone() throws Exception {
    Studio s = new Studio(node);
    Browser guest = guest(s, "Grace");
    JsonObject created = create(s, guest);
    String id = created.getJsonObject("recording").getString("id");
    String token = created.getString("uploadToken");
    assertNotNull(token, "create hands out the upload token");
    JsonArray urls = Studio.presignSized(guest, id, 1, 5L * MIB);
    String e1 = put(urls.getJsonObject(0).getString("url"), bytes(5 * MIB, 1));

    // The guest's session ends (expiry, revocation): its row is gone, its cookies are worthless.
    String guestId = guest.get("/api/me").bodyAsJsonObject().getJsonObject("user").getString("id");
    pool.preparedQuery("DELETE FROM sessions WHERE user_id = ?").execute(Tuple.of(guestId)).await(10, TimeUnit.SECONDS);
    assertError(guest.get("/api/recordings/" + id + "/parts"), 401, "unauthenticated");
    assertError(guest.post("/api/recordings/" + id + "/parts", Studio.sized(2, 1000)), 401, "unauthenticated");

    // The same browser, cookie-less, with the token it kept in IndexedDB (and no CSRF header).
    HttpResponse<Buffer> listed = withToken(HttpMethod.GET, "/api/recordings/" + id + "/parts", token, null);
    assertEquals(200, listed.statusCode(), listed.bodyAsString());
    JsonObject stored = listed.bodyAsJsonObject().getJsonArray("parts").getJsonObject(0);
    assertEquals(e1.replace("\"", ""), stored.getString("etag").replace("\"", ""));
    assertEquals(5L * MIB, stored.getLong("size"));
    HttpResponse<Buffer> signed = withToken(HttpMethod.POST, "/api/recordings/" + id + "/parts", token, Studio.sized(2, 1000));
    assertEquals(200, signed.statusCode(), signed.bodyAsString());
    String e2 = put(signed.bodyAsJsonObject().getJsonArray("parts").getJsonObject(0).getString("url"), bytes(1000, 2));
    HttpResponse<Buffer> done = withToken(HttpMethod.POST, "/api/recordings/" + id + "/complete", token, completion(List.of(e1, e2)));
    assertEquals(200, done.statusCode(), done.bodyAsString());
    assertEquals("complete", done.bodyAsJsonObject().getJsonObject("recording").getString("state"));
    assertEquals(5L * MIB + 1000, done.bodyAsJsonObject().getJsonObject("recording").getLong("size"));

    JsonArray tracks = s.host.get("/api/rooms/" + s.roomId() + "/takes").bodyAsJsonObject()
        .getJsonArray("takes").getJsonObject(0).getJsonArray("tracks");
    assertEquals("complete", tracks.getJsonObject(0).getString("state"), "the host sees Grace's track saved");
    assertEquals("Grace", tracks.getJsonObject(0).getString("displayName"));

    // Once complete, the token stops working (a retried complete learns it is done, nothing more).
    assertError(withToken(HttpMethod.POST, "/api/recordings/" + id + "/parts", token, Studio.sized(3, 1000)), 409, "already_complete");
    assertError(withToken(HttpMethod.GET, "/api/recordings/" + id + "/parts", token, null), 409, "already_complete");
    assertError(withToken(HttpMethod.POST, "/api/recordings/" + id + "/complete", token, completion(List.of(e1, e2))), 409, "already_complete");
    assertError(withToken(HttpMethod.DELETE, "/api/recordings/" + id, token, null), 409, "already_complete");
  }

  @Test
  @DisplayName("an upload token opens only its own recording's upload: wrong, another recording's or other endpoints are refused")
  void tokenIsScoped() throws Exception {
    Studio s = new Studio(node);
    Browser guest = guest(s, "Grace");
    JsonObject mine = create(s, guest);
    String id = mine.getJsonObject("recording").getString("id");
    String token = mine.getString("uploadToken");
    JsonObject other = create(s, guest);
    String otherId = other.getJsonObject("recording").getString("id");
    String hostsId = s.createRecording(s.host, "camera").getString("id");

    for (String path : List.of("/api/recordings/" + otherId, "/api/recordings/" + hostsId)) {
      assertError(withToken(HttpMethod.GET, path + "/parts", token, null), 401, "bad_upload_token");
      assertError(withToken(HttpMethod.POST, path + "/parts", token, Studio.sized(1, 5L * MIB)), 401, "bad_upload_token");
      assertError(withToken(HttpMethod.POST, path + "/complete", token, completion(List.of("\"x\""))), 401, "bad_upload_token");
      assertError(withToken(HttpMethod.DELETE, path, token, null), 401, "bad_upload_token");
    }
    assertError(withToken(HttpMethod.GET, "/api/recordings/" + id + "/parts", token + "x", null), 401, "bad_upload_token");
    assertError(withToken(HttpMethod.GET, "/api/recordings/" + id + "/parts", "", null), 401, "bad_upload_token");
    assertError(withToken(HttpMethod.GET, "/api/recordings/" + id + "/parts", "a".repeat(5000), null), 401, "bad_upload_token");
    assertError(withToken(HttpMethod.GET, "/api/recordings/00000000-0000-0000-0000-000000000000/parts", token, null), 401, "bad_upload_token");
    assertError(withToken(HttpMethod.GET, "/api/recordings/not-an-id/parts", token, null), 401, "bad_upload_token");
    // Anything but its own upload calls ignores the token: no session, no access.
    assertError(withToken(HttpMethod.GET, "/api/recordings?roomId=" + s.roomId(), token, null), 401, "unauthenticated");
    assertError(withToken(HttpMethod.GET, "/api/recordings/" + id + "/download", token, null), 401, "unauthenticated");
    assertError(withToken(HttpMethod.GET, "/api/rooms/" + s.roomId() + "/takes", token, null), 401, "unauthenticated");
    assertError(withToken(HttpMethod.GET, "/api/me", token, null), 401, "unauthenticated");
    assertError(withToken(HttpMethod.POST, "/api/recordings", token, new JsonObject()
        .put("roomId", s.roomId()).put("takeId", s.takeId()).put("kind", "audio").put("mimeType", "audio/wav")), 401, "unauthenticated");
    // The host's own token does not open the guest's recording either, although the host may delete it.
    String hostsToken = create(s, s.host).getString("uploadToken");
    assertError(withToken(HttpMethod.DELETE, "/api/recordings/" + id, hostsToken, null), 401, "bad_upload_token");

    // The token still works, and aborting ends it.
    assertEquals(200, withToken(HttpMethod.GET, "/api/recordings/" + id + "/parts", token, null).statusCode());
    assertEquals(204, withToken(HttpMethod.DELETE, "/api/recordings/" + id, token, null).statusCode());
    assertError(withToken(HttpMethod.POST, "/api/recordings/" + id + "/parts", token, Studio.sized(1, 5L * MIB)), 409, "not_uploading");
    assertError(withToken(HttpMethod.GET, "/api/recordings/" + id + "/parts", token, null), 409, "not_uploading");
  }

  @Test
  @DisplayName("the token wins over another account's cookies in the same browser, with no CSRF header")
  void tokenBesideAnotherSession() throws Exception {
    Studio s = new Studio(node);
    Browser guest = guest(s, "Grace");
    JsonObject created = create(s, guest);
    String id = created.getJsonObject("recording").getString("id");
    // The browser is now signed in as the host: the host's cookies ride along, yet the call acts for Grace.
    HttpRequest<Buffer> req = node.client().request(HttpMethod.GET, "/api/recordings/" + id + "/parts")
        .putHeader("Cookie", "podster_session=" + s.host.cookie("podster_session") + "; podster_csrf=" + s.host.cookie("podster_csrf"))
        .putHeader(UploadTokens.HEADER, created.getString("uploadToken"));
    HttpResponse<Buffer> r = req.send().await(30, TimeUnit.SECONDS);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    assertError(s.host.get("/api/recordings/" + id + "/parts"), 403, "not_owner");
  }

  @Test
  @DisplayName("the host's take list marks a track stranded once its take stopped and its browser went quiet")
  void strandedTrack() throws Exception {
    Studio s = new Studio(node);
    Browser guest = guest(s, "Grace");
    String id = create(s, guest).getJsonObject("recording").getString("id");
    assertFalse(track(s, id).getBoolean("stranded"), "the take is still running");
    new Takes(pool, Clock.systemUTC()).stop(s.roomId()).await(10, TimeUnit.SECONDS);
    assertFalse(track(s, id).getBoolean("stranded"), "the browser may still be uploading");

    long quiet = TakesApi.STRANDED_AFTER.toMillis() + 60_000;
    pool.preparedQuery("UPDATE takes SET stopped_at = stopped_at - ? WHERE id = ?").execute(Tuple.of(quiet, s.takeId())).await(10, TimeUnit.SECONDS);
    assertFalse(track(s, id).getBoolean("stranded"), "the upload was touched since the stop");
    pool.preparedQuery("UPDATE recordings SET updated_at = updated_at - ? WHERE id = ?").execute(Tuple.of(quiet, id)).await(10, TimeUnit.SECONDS);
    JsonObject stranded = track(s, id);
    assertTrue(stranded.getBoolean("stranded"), stranded.encode());
    assertEquals("uploading", stranded.getString("state"));

    // The browser comes back and presigns: no longer stranded.
    Studio.presignSized(guest, id, 1, 5L * MIB);
    assertFalse(track(s, id).getBoolean("stranded"));
  }

  private static JsonObject track(Studio s, String recordingId) {
    JsonArray tracks = s.host.get("/api/rooms/" + s.roomId() + "/takes").bodyAsJsonObject()
        .getJsonArray("takes").getJsonObject(0).getJsonArray("tracks");
    for (int i = 0; i < tracks.size(); i++) {
      if (tracks.getJsonObject(i).getString("recordingId").equals(recordingId)) {
        return tracks.getJsonObject(i);
      }
    }
    throw new AssertionError(recordingId + " not in " + tracks.encode());
  }

  /** A guest by invite link: a one-room session, no account. */
  private static Browser guest(Studio s, String name) {
    Browser b = node.browser();
    HttpResponse<Buffer> r = b.post("/api/invites/" + s.room.getString("inviteCode") + "/join", new JsonObject().put("displayName", name));
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return b;
  }

  /** The whole create answer: {recording, uploadToken}. */
  private static JsonObject create(Studio s, Browser b) {
    HttpResponse<Buffer> r = b.post("/api/recordings", new JsonObject()
        .put("roomId", s.roomId()).put("takeId", s.takeId()).put("kind", "camera").put("mimeType", "video/webm;codecs=vp9,opus"));
    assertEquals(201, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }


  /** What the page sends for a recording it holds: the token, no cookies, no CSRF header. */
  private static HttpResponse<Buffer> withToken(HttpMethod method, String path, String token, JsonObject body) throws Exception {
    HttpRequest<Buffer> req = node.client().request(method, path)
        .putHeader(UploadTokens.HEADER, token)
        .putHeader("Origin", node.node().config().http().origin());
    return (body == null ? req.send() : req.sendJsonObject(body)).await(30, TimeUnit.SECONDS);
  }
}

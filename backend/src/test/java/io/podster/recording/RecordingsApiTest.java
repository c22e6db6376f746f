package io.podster.recording;

import static io.podster.recording.Studio.MIB;
import static io.podster.recording.Studio.assertError;
import static io.podster.recording.Studio.bytes;
import static io.podster.recording.Studio.completion;
import static io.podster.recording.Studio.presignSized;
import static io.podster.recording.Studio.sized;
import static io.podster.recording.Studio.put;
import static io.podster.recording.Studio.upload;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The recordings API against a real node, a real embedded store and real presigned URLs. */
class RecordingsApiTest {
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
  @DisplayName("a full upload: create, presign, PUT to the store, complete, list, download, takes and manifest")
  void fullFlow() throws Exception {
    Studio s = new Studio(node);
    JsonObject rec = s.createRecording(s.host, "camera");
    assertEquals("uploading", rec.getString("state"));
    assertEquals("video/webm;codecs=vp9,opus", rec.getString("mimeType"));
    assertEquals("Ada Lovelace", rec.getString("displayName"));
    assertTrue(rec.getLong("offsetMs") >= 0);
    String id = rec.getString("id");

    JsonArray urls = presignSized(s.host, id, 1, 5L * MIB, 1000);
    assertEquals(2, urls.size());
    Instant expires = Instant.parse(urls.getJsonObject(0).getString("expiresAt"));
    assertTrue(expires.isAfter(Instant.now().plusSeconds(540)) && expires.isBefore(Instant.now().plusSeconds(660)));
    byte[] one = bytes(5 * MIB, 1);
    byte[] two = bytes(1000, 2);
    String e1 = put(urls.getJsonObject(0).getString("url"), one);
    String e2 = put(urls.getJsonObject(1).getString("url"), two);

    JsonArray stored = s.host.get("/api/recordings/" + id + "/parts").bodyAsJsonObject().getJsonArray("parts");
    assertEquals(2, stored.size());
    assertEquals(5L * MIB, stored.getJsonObject(0).getLong("size"));

    HttpResponse<Buffer> done =
        s.host.post("/api/recordings/" + id + "/complete", completion(List.of(e1, e2)).put("durationMs", 10_040));
    assertEquals(200, done.statusCode(), done.bodyAsString());
    JsonObject complete = done.bodyAsJsonObject().getJsonObject("recording");
    assertEquals("complete", complete.getString("state"));
    assertEquals(5L * MIB + 1000, complete.getLong("size"));
    assertEquals(10_040L, complete.getLong("durationMs"), "the recorder's measured duration is kept");
    assertTrue(complete.getString("completedAt").endsWith("Z"));
    // Completing twice answers with the same recording.
    HttpResponse<Buffer> again = s.host.post("/api/recordings/" + id + "/complete", completion(List.of(e1, e2)));
    assertEquals(200, again.statusCode(), again.bodyAsString());
    assertEquals(complete, again.bodyAsJsonObject().getJsonObject("recording"));

    JsonArray listed = s.host.get("/api/recordings?roomId=" + s.roomId()).bodyAsJsonObject().getJsonArray("recordings");
    assertEquals(1, listed.size());
    assertEquals(complete, listed.getJsonObject(0));

    HttpResponse<Buffer> download = s.host.get("/api/recordings/" + id + "/download");
    assertEquals(302, download.statusCode());
    java.net.http.HttpResponse<byte[]> file = Studio.HTTP.send(
        HttpRequest.newBuilder(URI.create(download.getHeader("Location"))).build(),
        java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, file.statusCode());
    assertEquals(5 * MIB + 1000, file.body().length);
    assertArrayEquals(two, java.util.Arrays.copyOfRange(file.body(), 5 * MIB, 5 * MIB + 1000));
    String disposition = file.headers().firstValue("Content-Disposition").orElseThrow();
    assertTrue(disposition.startsWith("attachment;") && disposition.contains("Ada-Lovelace_take-" + s.takeId().substring(0, 8) + "_camera.webm"), disposition);

    // ?as=json hands the page the presigned URL itself, and the store lets the page's origin read it
    HttpResponse<Buffer> asJson = s.host.get("/api/recordings/" + id + "/download?as=json");
    assertEquals(200, asJson.statusCode(), asJson.bodyAsString());
    assertEquals("no-store", asJson.getHeader("Cache-Control"));
    java.net.http.HttpResponse<byte[]> fetched = Studio.HTTP.send(
        HttpRequest.newBuilder(URI.create(asJson.bodyAsJsonObject().getString("url"))).header("Origin", node.node().config().http().origin()).build(),
        java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, fetched.statusCode());
    assertEquals(5 * MIB + 1000, fetched.body().length);
    assertEquals(node.node().config().http().origin(), fetched.headers().firstValue("Access-Control-Allow-Origin").orElse(null), "CORS for the page");

    JsonArray takes = s.host.get("/api/rooms/" + s.roomId() + "/takes").bodyAsJsonObject().getJsonArray("takes");
    JsonObject track = takes.getJsonObject(0).getJsonArray("tracks").getJsonObject(0);
    assertEquals(id, track.getString("recordingId"));
    assertEquals("complete", track.getString("state"));
    assertEquals(rec.getLong("offsetMs"), track.getLong("offsetMs"));
    JsonObject manifest = s.host.get("/api/rooms/" + s.roomId() + "/takes/" + s.takeId() + "/manifest").bodyAsJsonObject();
    assertEquals(s.take.getString("startedAt"), manifest.getString("startedAt"));
    assertEquals(1, manifest.getJsonArray("tracks").size());

    assertEquals(204, s.host.delete("/api/recordings/" + id).statusCode());
    assertEquals(0, s.host.get("/api/recordings?roomId=" + s.roomId()).bodyAsJsonObject().getJsonArray("recordings").size());
    // Deleting a completed recording removes the object itself.
    assertEquals(404, Studio.HTTP.send(HttpRequest.newBuilder(URI.create(download.getHeader("Location"))).build(),
        java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode());
  }

  @Test
  @DisplayName("an interrupted upload resumes: list what the store holds, presign the rest, complete")
  void resume() throws Exception {
    Studio s = new Studio(node);
    String id = s.createRecording(s.host, "audio").getString("id");
    JsonArray urls = presignSized(s.host, id, 1, 5L * MIB, 10);
    String e1 = put(urls.getJsonObject(0).getString("url"), bytes(5 * MIB, 3));
    // The tab reloads: the page asks what is there and carries on from part 2.
    JsonArray held = s.host.get("/api/recordings/" + id + "/parts").bodyAsJsonObject().getJsonArray("parts");
    assertEquals(1, held.size());
    assertEquals(1, held.getJsonObject(0).getInteger("partNumber"));
    assertEquals(e1.replace("\"", ""), held.getJsonObject(0).getString("etag"));
    String e2 = put(presignSized(s.host, id, 2, 10).getJsonObject(0).getString("url"), bytes(10, 4));
    HttpResponse<Buffer> done = s.host.post("/api/recordings/" + id + "/complete",
        completion(List.of(held.getJsonObject(0).getString("etag"), e2)));
    assertEquals(200, done.statusCode(), done.bodyAsString());
    assertEquals(5L * MIB + 10, done.bodyAsJsonObject().getJsonObject("recording").getLong("size"));
  }

  @Test
  @DisplayName("complete refuses wrong, missing or unlisted ETags, keeping the upload")
  void completeChecksParts() throws Exception {
    Studio s = new Studio(node);
    String id = s.createRecording(s.host, "camera").getString("id");
    List<String> etags = upload(s.host, id, bytes(5 * MIB, 5), bytes(100, 6));
    String path = "/api/recordings/" + id + "/complete";
    assertError(s.host.post(path, completion(List.of(etags.get(1), etags.get(0)))), 400, "part_mismatch");
    assertError(s.host.post(path, completion(List.of(etags.get(0)))), 400, "part_mismatch");
    assertError(s.host.post(path, new JsonObject().put("parts", new JsonArray().add(new JsonObject().put("partNumber", 1)))), 400, "part_mismatch");
    assertError(s.host.post(path, new JsonObject().put("parts", new JsonArray())), 400, "part_mismatch");
    assertError(s.host.post(path, new JsonObject()), 400, "part_mismatch");
    JsonObject three = completion(List.of(etags.get(0), etags.get(1), etags.get(1)));
    assertError(s.host.post(path, three), 400, "part_mismatch");
    for (Object badDuration : List.of(-1, 1.5, "10", 90_000_000_000L)) {
      assertError(s.host.post(path, completion(etags).put("durationMs", badDuration)), 400, "invalid_field");
    }
    assertEquals(2, s.host.get("/api/recordings/" + id + "/parts").bodyAsJsonObject().getJsonArray("parts").size());
  }

  @Test
  @DisplayName("complete reads a body listing all 10,000 parts S3 allows, and refuses one past 1 MiB")
  void completeBodySize() throws Exception {
    Studio s = new Studio(node);
    String id = s.createRecording(s.host, "camera").getString("id");
    String path = "/api/recordings/" + id + "/complete";
    JsonArray many = new JsonArray();
    for (int n = 1; n <= 10_000; n++) {
      many.add(new JsonObject().put("partNumber", n).put("etag", "\"" + "0123456789abcdef".repeat(2) + "\""));
    }
    JsonObject all = new JsonObject().put("parts", many).put("durationMs", 36_000_000);
    assertTrue(all.encode().length() > 64 * 1024, "the body is past the API's usual limit");
    // read and checked against the store (which holds no such parts), not refused for its size
    assertError(s.host.post(path, all), 400, "part_mismatch");
    assertError(s.host.post(path, Buffer.buffer("{\"parts\":[" + "1,".repeat(600_000) + "1]}")), 413, "too_large");
    assertError(s.host.post("/api/recordings/" + id + "/parts", all), 413, "too_large");
  }

  @Test
  @DisplayName("presign: bad part numbers or sizes, the bare partNumbers shape, more than 50, and a short part before the last are 400")
  void badPresigns() {
    Studio s = new Studio(node);
    String path = "/api/recordings/" + s.createRecording(s.host, "screen").getString("id") + "/parts";
    JsonArray fiftyOne = new JsonArray();
    for (int i = 1; i <= 51; i++) {
      fiftyOne.add(new JsonObject().put("partNumber", i).put("size", 5 * MIB));
    }
    for (Object badNumber : java.util.Arrays.asList(0, 10001, "1", 1.5, null)) {
      JsonObject part = new JsonObject().put("partNumber", badNumber).put("size", 10);
      assertError(s.host.post(path, new JsonObject().put("parts", new JsonArray().add(part))), 400, "invalid_part_numbers");
    }
    for (Object bad : List.of(new JsonArray(), fiftyOne, "1", new JsonArray().add(1), sized(3, 10).getJsonArray("parts").add(new JsonObject().put("partNumber", 3).put("size", 10)))) {
      assertError(s.host.post(path, new JsonObject().put("parts", bad)), 400, "invalid_part_numbers");
    }
    assertError(s.host.post(path, new JsonObject()), 400, "invalid_part_numbers");
    // The first version's shape signed URLs of any size: refused, with the shape to use instead.
    HttpResponse<Buffer> bare = s.host.post(path, new JsonObject().put("partNumbers", new JsonArray().add(1)));
    assertError(bare, 400, "invalid_part_numbers");
    assertTrue(bare.bodyAsString().contains("size"), bare.bodyAsString());
    for (Object badSize : java.util.Arrays.asList(-1, 1.5, "10", PartSizes.MAX_PART_BYTES + 1, null)) {
      JsonObject part = new JsonObject().put("partNumber", 1).put("size", badSize);
      assertError(s.host.post(path, new JsonObject().put("parts", new JsonArray().add(part))), 400, "invalid_part_size");
    }
    // Only the last part may be under 5 MiB: in one request, or against what was signed before.
    assertError(s.host.post(path, sized(1, 100, 100)), 400, "part_too_small");
    assertEquals(200, s.host.post(path, sized(4, 100)).statusCode());
    assertError(s.host.post(path, sized(5, 5 * MIB)), 400, "part_too_small");
    assertEquals(200, s.host.post(path, new JsonObject().put("parts", new JsonArray()
        .add(new JsonObject().put("partNumber", 2).put("size", 5 * MIB))
        .add(new JsonObject().put("partNumber", 1).put("size", 5 * MIB)))).statusCode());
    // 21 parts of 512 MiB are 10.5 GiB, beyond the default quota of 10 GiB.
    long[] huge = java.util.stream.LongStream.generate(() -> PartSizes.MAX_PART_BYTES).limit(21).toArray();
    String other = "/api/recordings/" + s.createRecording(s.host, "camera").getString("id") + "/parts";
    assertError(s.host.post(other, sized(10, huge)), 413, "quota_exceeded");
  }

  @Test
  @DisplayName("another account gets 403 on every recording call; a participant sees only their own")
  void otherAccounts() throws Exception {
    Studio s = new Studio(node);
    String id = s.createRecording(s.host, "camera").getString("id");
    Browser stranger = new Studio(node).host;
    String base = "/api/recordings/" + id;
    assertError(stranger.post(base + "/parts", sized(1, 10)), 403, "not_owner");
    assertError(stranger.get(base + "/parts"), 403, "not_owner");
    assertError(stranger.post(base + "/complete", completion(List.of("x"))), 403, "not_owner");
    assertError(stranger.delete(base), 403, "not_a_member");
    assertError(stranger.get(base + "/download"), 403, "not_a_member");
    assertError(stranger.get("/api/recordings?roomId=" + s.roomId()), 403, "not_a_member");
    assertError(stranger.get("/api/rooms/" + s.roomId() + "/takes"), 403, "not_a_member");
    assertError(stranger.post("/api/recordings", new JsonObject().put("roomId", s.roomId()).put("takeId", s.takeId())
        .put("kind", "camera").put("mimeType", "video/webm")), 403, "not_a_member");

    Browser guest = s.participant("Grace");
    assertError(guest.post("/api/rooms/" + s.roomId() + "/takes", null), 403, "not_host");
    String mine = s.createRecording(guest, "camera").getString("id");
    assertError(guest.get(base + "/parts"), 403, "not_owner");
    assertError(guest.get(base + "/download"), 403, "not_owner");
    assertError(guest.delete(base), 403, "not_owner");
    JsonArray seen = guest.get("/api/recordings?roomId=" + s.roomId()).bodyAsJsonObject().getJsonArray("recordings");
    assertEquals(1, seen.size());
    assertEquals(mine, seen.getJsonObject(0).getString("id"));
    assertEquals(2, s.host.get("/api/recordings?roomId=" + s.roomId()).bodyAsJsonObject().getJsonArray("recordings").size());
    // The host may not sign URLs for a guest's upload either: only the recorder uploads.
    assertError(s.host.post("/api/recordings/" + mine + "/parts", sized(1, 10)), 403, "not_owner");
  }

  @Test
  @DisplayName("create validates kind, mime type, room and take; mime parameters are normalised")
  void createValidation() {
    Studio s = new Studio(node);
    Studio other = new Studio(node);
    JsonObject ok = new JsonObject().put("roomId", s.roomId()).put("takeId", s.takeId()).put("kind", "audio").put("mimeType", "audio/webm; codecs=\"OPUS\"");
    HttpResponse<Buffer> r = s.host.post("/api/recordings", ok);
    assertEquals(201, r.statusCode(), r.bodyAsString());
    assertEquals("audio/webm;codecs=opus", r.bodyAsJsonObject().getJsonObject("recording").getString("mimeType"));
    assertError(s.host.post("/api/recordings", ok.copy().put("kind", "video")), 400, "invalid_field");
    assertError(s.host.post("/api/recordings", ok.copy().put("mimeType", "text/html")), 400, "unsupported_mime_type");
    assertError(s.host.post("/api/recordings", ok.copy().put("mimeType", "video/webm;charset=x")), 400, "unsupported_mime_type");
    assertError(s.host.post("/api/recordings", ok.copy().put("takeId", other.takeId())), 404, "not_found");
    assertError(s.host.post("/api/recordings", ok.copy().put("takeId", "nope")), 404, "not_found");
    assertError(s.host.post("/api/recordings", ok.copy().putNull("roomId")), 400, "missing_field");
    assertError(s.host.post("/api/recordings", ok.copy().put("kind", 3)), 400, "invalid_field");
    assertError(s.host.post("/api/recordings", Buffer.buffer("{\"roomId\":")), 400, "malformed_json");
    assertError(s.host.post("/api/recordings", Buffer.buffer("[1]")), 400, "malformed_json");
    assertError(s.host.post("/api/recordings/" + UUID_ZERO + "/parts", Buffer.buffer("{\"partNumbers\":[" + "1,".repeat(40000) + "1]}")), 413, "too_large");
    assertError(s.host.get("/api/recordings/" + UUID_ZERO + "/parts"), 404, "not_found");
    assertError(s.host.get("/api/recordings/not-an-id/parts"), 404, "not_found");
    assertError(s.host.get("/api/recordings"), 400, "missing_field");
  }

  static final String UUID_ZERO = "00000000-0000-0000-0000-000000000000";

  @Test
  @DisplayName("without a session every call is 401; a cookie session without the CSRF header is 403")
  void authAndCsrf() {
    Studio s = new Studio(node);
    String id = s.createRecording(s.host, "camera").getString("id");
    Browser anon = node.browser();
    assertError(anon.post("/api/recordings", new JsonObject()), 401, "unauthenticated");
    assertError(anon.post("/api/recordings/" + id + "/parts", new JsonObject()), 401, "unauthenticated");
    assertError(anon.get("/api/recordings/" + id + "/parts"), 401, "unauthenticated");
    assertError(anon.post("/api/recordings/" + id + "/complete", new JsonObject()), 401, "unauthenticated");
    assertError(anon.delete("/api/recordings/" + id), 401, "unauthenticated");
    assertError(anon.get("/api/recordings/" + id + "/download"), 401, "unauthenticated");
    assertError(anon.get("/api/recordings?roomId=" + s.roomId()), 401, "unauthenticated");
    assertError(anon.post("/api/rooms/" + s.roomId() + "/takes", null), 401, "unauthenticated");
    Browser noCsrf = s.host.withoutCsrf();
    assertError(noCsrf.post("/api/recordings/" + id + "/parts", sized(1, 10)), 403, "csrf");
    assertError(noCsrf.post("/api/recordings/" + id + "/complete", new JsonObject()), 403, "csrf");
    assertError(noCsrf.delete("/api/recordings/" + id), 403, "csrf");
    assertError(noCsrf.post("/api/rooms/" + s.roomId() + "/takes", null), 403, "csrf");
  }

  @Test
  @DisplayName("two concurrent completes both answer 200 with the same completed recording")
  void concurrentComplete() throws Exception {
    Studio s = new Studio(node);
    String id = s.createRecording(s.host, "camera").getString("id");
    List<String> etags = upload(s.host, id, bytes(5 * MIB, 7), bytes(500, 8));
    JsonObject body = completion(etags);
    List<CompletableFuture<HttpResponse<Buffer>>> calls = List.of(
        CompletableFuture.supplyAsync(() -> s.host.post("/api/recordings/" + id + "/complete", body)),
        CompletableFuture.supplyAsync(() -> s.host.post("/api/recordings/" + id + "/complete", body)),
        CompletableFuture.supplyAsync(() -> s.host.post("/api/recordings/" + id + "/complete", body)));
    JsonObject first = null;
    for (CompletableFuture<HttpResponse<Buffer>> c : calls) {
      HttpResponse<Buffer> r = c.get();
      assertEquals(200, r.statusCode(), r.bodyAsString());
      JsonObject rec = r.bodyAsJsonObject().getJsonObject("recording");
      assertEquals("complete", rec.getString("state"));
      assertEquals(5L * MIB + 500, rec.getLong("size"));
      first = first == null ? rec : first;
      assertEquals(first, rec);
    }
  }

  @Test
  @DisplayName("deleting an unfinished upload aborts it: state aborted, no more URLs or parts")
  void deleteUnfinished() throws Exception {
    Studio s = new Studio(node);
    String id = s.createRecording(s.host, "camera").getString("id");
    upload(s.host, id, bytes(100, 9));
    assertEquals(204, s.host.delete("/api/recordings/" + id).statusCode());
    JsonObject rec = s.host.get("/api/recordings?roomId=" + s.roomId()).bodyAsJsonObject().getJsonArray("recordings").getJsonObject(0);
    assertEquals("aborted", rec.getString("state"));
    assertError(s.host.post("/api/recordings/" + id + "/parts", sized(1, 10)), 409, "not_uploading");
    assertError(s.host.get("/api/recordings/" + id + "/parts"), 409, "not_uploading");
    assertError(s.host.get("/api/recordings/" + id + "/download"), 409, "not_complete");
  }

  @Test
  @DisplayName("presign calls are rate-limited per account: the 121st in a minute is 429 with Retry-After")
  void presignRateLimit() {
    Studio s = new Studio(node);
    String path = "/api/recordings/" + s.createRecording(s.host, "camera").getString("id") + "/parts";
    JsonObject body = sized(1, 10);
    for (int i = 0; i < UploadCoordinator.PRESIGNS_PER_MINUTE; i++) {
      assertEquals(200, s.host.post(path, body).statusCode());
    }
    HttpResponse<Buffer> limited = s.host.post(path, body);
    assertError(limited, 429, "rate_limited");
    assertTrue(Integer.parseInt(limited.getHeader("Retry-After")) > 0);
    Studio other = new Studio(node);
    assertEquals(200, other.host.post("/api/recordings/" + other.createRecording(other.host, "camera").getString("id") + "/parts", body).statusCode());
  }
}

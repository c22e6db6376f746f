package io.podster.recording;

import static io.podster.recording.Studio.assertError;
import static io.podster.recording.Studio.bytes;
import static io.podster.recording.Studio.completion;
import static io.podster.recording.Studio.upload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podster.Browser;
import io.podster.TestNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A track's place on the server's clock, sent by its recorder with complete, and the manifest that carries it. */
class TrackTimingTest {
  static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start(Map.of("PODSTER_SIGNUPS_PER_ADDRESS", "10000"));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  static long startedAt(Studio s) {
    return Instant.parse(s.take.getString("startedAt")).toEpochMilli();
  }

  static JsonObject manifestTrack(Studio s, String recordingId) {
    JsonObject m = s.host.get("/api/rooms/" + s.roomId() + "/takes/" + s.takeId() + "/manifest").bodyAsJsonObject();
    for (Object o : m.getJsonArray("tracks")) {
      JsonObject t = (JsonObject) o;
      if (t.getString("recordingId").equals(recordingId)) {
        return t.put("timeBase", m.getString("timeBase"));
      }
    }
    throw new AssertionError("no track " + recordingId + " in " + m.encode());
  }

  static JsonObject timing(double firstSampleAt) {
    return new JsonObject().put("firstSampleAt", firstSampleAt).put("clockOffsetMs", -12.5).put("clockUncertaintyMs", 0.8);
  }

  @Test
  @DisplayName("a camera track's offset is its first sample's server time minus startedAt, fixed by the first complete")
  void camera() throws Exception {
    Studio s = new Studio(node);
    String id = s.createRecording(s.host, "camera").getString("id");
    List<String> etags = upload(s.host, id, bytes(1000, 1));
    double first = startedAt(s) + 3012.4;
    HttpResponse<Buffer> done = s.host.post("/api/recordings/" + id + "/complete", completion(etags).put("timing", timing(first)));
    assertEquals(200, done.statusCode(), done.bodyAsString());
    assertEquals(3012, done.bodyAsJsonObject().getJsonObject("recording").getLong("offsetMs"));
    // A retried complete (its answer lost) cannot move the track.
    HttpResponse<Buffer> again = s.host.post("/api/recordings/" + id + "/complete", completion(etags).put("timing", timing(first + 500)));
    assertEquals(200, again.statusCode(), again.bodyAsString());

    JsonObject t = manifestTrack(s, id);
    assertEquals(3012, t.getLong("offsetMs"));
    assertEquals(-12.5, t.getDouble("clockOffsetMs"));
    assertEquals(0.8, t.getDouble("clockUncertaintyMs"));
    assertFalse(t.containsKey("driftPpm"), "a camera track has no sample clock: " + t.encode());
    assertFalse(t.containsKey("fills"), "a camera track has no fills: " + t.encode());
    assertEquals(3012, s.host.get("/api/rooms/" + s.roomId() + "/takes").bodyAsJsonObject().getJsonArray("takes")
        .getJsonObject(0).getJsonArray("tracks").getJsonObject(0).getLong("offsetMs"));
  }

  @Test
  @DisplayName("an audio track gives sampleRate, samples and driftPpm from its marks; the timeBase says how to stretch")
  void audio() throws Exception {
    Studio s = new Studio(node);
    String id = s.createRecording(s.host, "audio").getString("id");
    List<String> etags = upload(s.host, id, bytes(1000, 2));
    double first = startedAt(s) + 3000;
    JsonArray marks = new JsonArray();
    // 100 ppm fast over 20 s, one mark a second.
    for (int i = 0; i <= 20; i++) {
      marks.add(new JsonArray().add(first + i * 1000).add(Math.round(i * 48_000 * (1 + 100e-6))));
    }
    JsonObject timing = timing(first).put("sampleRate", 48_000).put("samples", 960_096).put("marks", marks);
    HttpResponse<Buffer> done = s.host.post("/api/recordings/" + id + "/complete", completion(etags).put("timing", timing));
    assertEquals(200, done.statusCode(), done.bodyAsString());
    JsonObject t = manifestTrack(s, id);
    assertEquals(3000, t.getLong("offsetMs"));
    assertEquals(48_000, t.getInteger("sampleRate"));
    assertEquals(960_096, t.getLong("samples"));
    assertEquals(100, t.getDouble("driftPpm"), 0.5);
    assertTrue(t.getString("timeBase").contains("driftPpm") && t.getString("timeBase").contains("startedAt"));
  }

  @Test
  @DisplayName("an audio track's fills reach the manifest as {atMs, ms}, fixed by the first complete; a camera track has none")
  void fills() throws Exception {
    Studio s = new Studio(node);
    String audio = s.createRecording(s.host, "audio").getString("id");
    String camera = s.createRecording(s.host, "camera").getString("id");
    String none = s.createRecording(s.host, "audio").getString("id");
    String empty = s.createRecording(s.host, "audio").getString("id");
    double first = startedAt(s) + 3000;
    // 10 s at 48 kHz: silence for 40.2 ms lost at 2286.1 ms, then 7 ms right after it, then at the end.
    JsonObject timing = timing(first).put("sampleRate", 48_000).put("samples", 480_000)
        .put("fills", new JsonArray().add(new JsonArray().add(2286.1).add(40.2)).add(new JsonArray().add(2326.3).add(7))
            .add(new JsonArray().add(9990).add(10)));
    List<String> etags = upload(s.host, audio, bytes(1000, 7));
    HttpResponse<Buffer> done = s.host.post("/api/recordings/" + audio + "/complete", completion(etags).put("timing", timing));
    assertEquals(200, done.statusCode(), done.bodyAsString());
    // A replayed complete (its answer lost, the page since reloaded) cannot change them.
    JsonObject other = timing.copy().put("fills", new JsonArray().add(new JsonArray().add(100).add(5)));
    HttpResponse<Buffer> again = s.host.post("/api/recordings/" + audio + "/complete", completion(etags).put("timing", other));
    assertEquals(200, again.statusCode(), again.bodyAsString());
    JsonArray expected = new JsonArray()
        .add(new JsonObject().put("atMs", 2286.1).put("ms", 40.2))
        .add(new JsonObject().put("atMs", 2326.3).put("ms", 7.0))
        .add(new JsonObject().put("atMs", 9990.0).put("ms", 10.0));
    JsonObject t = manifestTrack(s, audio);
    assertEquals(expected, t.getJsonArray("fills"), t.encode());
    assertTrue(t.getString("timeBase").contains("fills") && t.getString("timeBase").contains("camera"), t.getString("timeBase"));

    assertEquals(200, s.host.post("/api/recordings/" + camera + "/complete",
        completion(upload(s.host, camera, bytes(10, 8))).put("timing", timing(first))).statusCode());
    JsonObject cam = manifestTrack(s, camera);
    assertFalse(cam.containsKey("fills"), "a camera track has no fills: " + cam.encode());

    JsonObject withoutFills = timing(first).put("sampleRate", 48_000).put("samples", 480_000);
    assertEquals(200, s.host.post("/api/recordings/" + none + "/complete",
        completion(upload(s.host, none, bytes(10, 9))).put("timing", withoutFills)).statusCode());
    JsonObject unknown = manifestTrack(s, none);
    assertTrue(unknown.containsKey("fills") && unknown.getValue("fills") == null, unknown.encode());

    assertEquals(200, s.host.post("/api/recordings/" + empty + "/complete",
        completion(upload(s.host, empty, bytes(10, 10))).put("timing", withoutFills.copy().put("fills", new JsonArray()))).statusCode());
    assertEquals(new JsonArray(), manifestTrack(s, empty).getJsonArray("fills"));
  }

  @Test
  @DisplayName("a track completed without timing keeps the create-time offset, with null clock fields")
  void withoutTiming() throws Exception {
    Studio s = new Studio(node);
    JsonObject rec = s.createRecording(s.host, "audio");
    String id = rec.getString("id");
    assertEquals(200, s.host.post("/api/recordings/" + id + "/complete", completion(upload(s.host, id, bytes(10, 3)))).statusCode());
    JsonObject t = manifestTrack(s, id);
    assertEquals(rec.getLong("offsetMs"), t.getLong("offsetMs"));
    assertTrue(t.containsKey("clockOffsetMs"));
    assertNull(t.getValue("clockOffsetMs"));
    assertTrue(t.containsKey("fills"), "an audio track says its fills are not known: " + t.encode());
    assertNull(t.getValue("fills"));
  }

  @Test
  @DisplayName("malformed, out-of-range and oversized timing answers 400 invalid_field and leaves the upload to finish")
  void invalid() throws Exception {
    Studio s = new Studio(node);
    String cam = s.createRecording(s.host, "camera").getString("id");
    String audio = s.createRecording(s.host, "audio").getString("id");
    List<String> camTags = upload(s.host, cam, bytes(10, 4));
    List<String> audioTags = upload(s.host, audio, bytes(10, 5));
    double first = startedAt(s) + 3000;
    JsonArray tooMany = new JsonArray();
    for (int i = 0; i <= TimingField.MAX_MARKS; i++) {
      tooMany.add(new JsonArray().add(first).add(0));
    }
    List<Object> badForCamera = List.of(
        "now", new JsonArray(),
        new JsonObject().put("clockOffsetMs", 0).put("clockUncertaintyMs", 1),
        timing(first).put("firstSampleAt", "2026-12-01T10:00:00Z"),
        timing(startedAt(s) - 3_600_000),
        timing(System.currentTimeMillis() + 3_600_000),
        timing(first).put("clockUncertaintyMs", -1),
        timing(first).put("clockUncertaintyMs", 1e9),
        timing(first).put("clockOffsetMs", 1e14),
        timing(first).put("sampleRate", 48_000).put("samples", 10),
        timing(first).put("fills", new JsonArray()));
    for (Object bad : badForCamera) {
      assertError(s.host.post("/api/recordings/" + cam + "/complete", completion(camTags).put("timing", bad)), 400, "invalid_field");
    }
    JsonObject audioTiming = timing(first).put("sampleRate", 48_000).put("samples", 48_000);
    List<JsonObject> badForAudio = List.of(
        audioTiming.copy().put("sampleRate", 1000),
        audioTiming.copy().put("sampleRate", 48_000.5),
        audioTiming.copy().remove("samples") == null ? audioTiming : audioTiming.copy().put("samples", -1),
        audioTiming.copy().put("samples", 0.5),
        audioTiming.copy().put("marks", "many"),
        audioTiming.copy().put("marks", new JsonArray().add(new JsonArray().add(first))),
        audioTiming.copy().put("marks", new JsonArray().add(new JsonArray().add(first).add("x"))),
        audioTiming.copy().put("marks", new JsonArray().add(new JsonArray().add(first).add(48_001))),
        audioTiming.copy().put("marks", new JsonArray().add(new JsonArray().add(first + 10).add(10)).add(new JsonArray().add(first).add(20))),
        audioTiming.copy().put("marks", new JsonArray().add(new JsonArray().add(first).add(20)).add(new JsonArray().add(first + 10).add(10))),
        audioTiming.copy().put("marks", new JsonArray().add(new JsonArray().add(first - 3_600_000).add(0))),
        audioTiming.copy().put("marks", tooMany),
        audioTiming.copy().put("fills", "none"),
        audioTiming.copy().put("fills", new JsonArray().add(new JsonArray().add(999.5).add(2))),
        timing(first).put("fills", new JsonArray()));
    for (JsonObject bad : badForAudio) {
      assertError(s.host.post("/api/recordings/" + audio + "/complete", completion(audioTags).put("timing", bad)), 400, "invalid_field");
    }
    // Nothing was half done: both finish with good timing.
    assertEquals(200, s.host.post("/api/recordings/" + cam + "/complete", completion(camTags).put("timing", timing(first))).statusCode());
    assertEquals(200, s.host.post("/api/recordings/" + audio + "/complete", completion(audioTags).put("timing", audioTiming)).statusCode());
    assertEquals(48_000, manifestTrack(s, audio).getInteger("sampleRate"));
  }

  @Test
  @DisplayName("another participant cannot complete (nor place) someone else's track")
  void notOwner() throws Exception {
    Studio s = new Studio(node);
    String id = s.createRecording(s.host, "camera").getString("id");
    List<String> etags = upload(s.host, id, bytes(10, 6));
    Browser guest = s.participant("Guest");
    assertError(guest.post("/api/recordings/" + id + "/complete",
        completion(etags).put("timing", timing(startedAt(s) + 9000))), 403, "not_owner");
    assertEquals("uploading", manifestTrack(s, id).getString("state"));
  }
}

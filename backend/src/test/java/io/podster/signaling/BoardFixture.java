package io.podster.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.podster.Browser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;

/** A participant's track as the SPA makes it, through the real API and the store: for the board's tests. */
public final class BoardFixture {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private BoardFixture() {}

  /** A {@code recording-status} as a browser sends it. */
  public static JsonObject status(String state, long pendingBytes) {
    return new JsonObject()
        .put("type", "recording-status")
        .put("state", state)
        .put("pendingBytes", pendingBytes)
        .put("format", "1080p30 · 48 kHz lossless")
        .put("quality", new JsonObject().put("rttMs", 12.5).put("lossPercent", 0).put("sendKbps", 1480));
  }

  /** The host starts a take over HTTP; returns its id. */
  public static String startTake(Browser host, String roomId) {
    HttpResponse<Buffer> t = host.post("/api/rooms/" + roomId + "/takes", null);
    assertEquals(201, t.statusCode(), t.bodyAsString());
    return t.bodyAsJsonObject().getJsonObject("take").getString("id");
  }

  public static String createTrack(Browser b, String roomId, String takeId) {
    HttpResponse<Buffer> r = b.post("/api/recordings", new JsonObject()
        .put("roomId", roomId).put("takeId", takeId).put("kind", "camera").put("mimeType", "video/webm;codecs=vp9,opus"));
    assertEquals(201, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject().getJsonObject("recording").getString("id");
  }

  /** One small part PUT straight to the store, then complete; returns the completed recording. */
  public static JsonObject uploadAndComplete(Browser b, String recordingId) throws Exception {
    byte[] body = new byte[1024];
    HttpResponse<Buffer> p = b.post("/api/recordings/" + recordingId + "/parts",
        new JsonObject().put("parts", new JsonArray().add(new JsonObject().put("partNumber", 1).put("size", body.length))));
    assertEquals(200, p.statusCode(), p.bodyAsString());
    String url = p.bodyAsJsonObject().getJsonArray("parts").getJsonObject(0).getString("url");
    java.net.http.HttpResponse<String> put = HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(200, put.statusCode(), put.body());
    String etag = put.headers().firstValue("ETag").orElseThrow();
    HttpResponse<Buffer> c = b.post("/api/recordings/" + recordingId + "/complete",
        new JsonObject().put("parts", new JsonArray().add(new JsonObject().put("partNumber", 1).put("etag", etag))));
    assertEquals(200, c.statusCode(), c.bodyAsString());
    return c.bodyAsJsonObject().getJsonObject("recording");
  }
}

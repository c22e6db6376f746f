package io.podster.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.podster.Browser;
import io.podster.TestNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/** Test fixture: a host with a room and a running take, recording and uploading like the SPA. */
final class Studio {
  static final int MIB = 1024 * 1024;
  static final HttpClient HTTP = HttpClient.newHttpClient();
  final TestNode node;
  final Browser host;
  final String hostId;
  final JsonObject room;
  final JsonObject take;

  Studio(TestNode node) {
    this.node = node;
    this.host = node.browser();
    this.hostId = host.signUp("h" + UUID.randomUUID().toString().substring(0, 8) + "@example.com", "password1", "Ada Lovelace").getString("id");
    HttpResponse<Buffer> r = host.post("/api/rooms", new JsonObject().put("name", "Show"));
    assertEquals(201, r.statusCode(), r.bodyAsString());
    this.room = r.bodyAsJsonObject().getJsonObject("room");
    HttpResponse<Buffer> t = host.post("/api/rooms/" + roomId() + "/takes", null);
    assertEquals(201, t.statusCode(), t.bodyAsString());
    this.take = t.bodyAsJsonObject().getJsonObject("take");
  }

  String roomId() {
    return room.getString("id");
  }

  String takeId() {
    return take.getString("id");
  }

  static void assertError(HttpResponse<Buffer> r, int status, String code) {
    assertEquals(status, r.statusCode(), r.bodyAsString());
    assertEquals(code, r.bodyAsJsonObject().getJsonObject("error").getString("code"), r.bodyAsString());
  }

  /** A new account that joined the room by invite. */
  Browser participant(String name) {
    Browser b = node.browser();
    b.signUp("p" + UUID.randomUUID().toString().substring(0, 8) + "@example.com", "password1", name);
    assertEquals(200, b.post("/api/invites/" + room.getString("inviteCode") + "/join", new JsonObject()).statusCode());
    return b;
  }

  JsonObject createRecording(Browser b, String kind) {
    HttpResponse<Buffer> r = b.post("/api/recordings", new JsonObject()
        .put("roomId", roomId()).put("takeId", takeId()).put("kind", kind).put("mimeType", "video/webm;codecs=vp9,opus"));
    assertEquals(201, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject().getJsonObject("recording");
  }

  /** The presign body for parts numbered from {@code first}, of these sizes. */
  static JsonObject sized(int first, long... sizes) {
    JsonArray parts = new JsonArray();
    for (int i = 0; i < sizes.length; i++) {
      parts.add(new JsonObject().put("partNumber", first + i).put("size", sizes[i]));
    }
    return new JsonObject().put("parts", parts);
  }

  /** URLs for parts numbered from {@code first}, each bound to its size. */
  static JsonArray presignSized(Browser b, String recordingId, int first, long... sizes) {
    HttpResponse<Buffer> r = b.post("/api/recordings/" + recordingId + "/parts", sized(first, sizes));
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject().getJsonArray("parts");
  }

  /** PUTs like a page's fetch(): straight to the store; returns the ETag. */
  static String put(String url, byte[] body) throws Exception {
    java.net.http.HttpResponse<String> r = HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "video/webm")
            .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return r.headers().firstValue("ETag").orElseThrow();
  }

  static int putStatus(String url, byte[] body) throws Exception {
    HttpRequest put = HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    try {
      return HTTP.send(put, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode();
    } catch (java.io.IOException closedUnderUs) {
      // The store closes a keep-alive connection after refusing a request; a PUT sent on that pooled
      // connection in the same instant dies with no response. A part PUT is idempotent and a browser
      // resends it on a fresh connection, so this does too, once (CI saw it on a third refused PUT).
      return HTTP.send(put, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode();
    }
  }

  /** The {partNumber, etag} list the SPA sends to complete. */
  static JsonObject completion(List<String> etags) {
    JsonArray parts = new JsonArray();
    for (int i = 0; i < etags.size(); i++) {
      parts.add(new JsonObject().put("partNumber", i + 1).put("etag", etags.get(i)));
    }
    return new JsonObject().put("parts", parts);
  }

  static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** Uploads {@code parts} in order to fresh presigned URLs; returns their ETags. */
  static List<String> upload(Browser b, String recordingId, byte[]... parts) throws Exception {
    long[] sizes = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      sizes[i] = parts[i].length;
    }
    JsonArray urls = presignSized(b, recordingId, 1, sizes);
    List<String> etags = new ArrayList<>();
    for (int i = 0; i < parts.length; i++) {
      etags.add(put(urls.getJsonObject(i).getString("url"), parts[i]));
    }
    return etags;
  }
}

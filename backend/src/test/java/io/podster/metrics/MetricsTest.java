package io.podster.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podster.Browser;
import io.podster.TestNode;
import io.podster.signaling.WsPeer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MetricsTest {
  static final String TOKEN = "metrics-test-token";
  static TestNode node;
  static Vertx clients;

  @BeforeAll
  static void start() {
    node = TestNode.start(Map.of("PODSTER_METRICS_TOKEN", TOKEN));
    clients = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    clients.close().await(10, TimeUnit.SECONDS);
    node.close();
  }

  /** {@code GET} on the admin listener, where the operators' endpoints live. */
  static HttpResponse<Buffer> get(String path, String bearer) throws Exception {
    var req = node.admin().get(path);
    if (bearer != null) {
      req.putHeader("Authorization", "Bearer " + bearer);
    }
    return req.send().await(10, TimeUnit.SECONDS);
  }

  static String scrape() throws Exception {
    HttpResponse<Buffer> r = get("/metrics", TOKEN);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    assertTrue(r.getHeader("Content-Type").startsWith("text/plain"), r.getHeader("Content-Type"));
    return r.bodyAsString();
  }

  /** The value of one series ({@code name{labels}} exactly as exposed), 0 when absent. */
  static double value(String text, String series) {
    for (String line : text.split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1).trim().split(" ")[0]);
      }
    }
    return 0;
  }

  @Test
  @DisplayName("the admin listener needs the bearer token when one is configured, and serves the health checks again")
  void tokenEnforced() throws Exception {
    assertEquals(401, get("/metrics", null).statusCode());
    assertEquals(401, get("/metrics", "wrong").statusCode());
    assertEquals(401, get("/health/cluster", null).statusCode());
    assertEquals(200, get("/health/cluster", TOKEN).statusCode());
    assertEquals(200, get("/health/ready", TOKEN).statusCode());
    assertEquals(200, get("/health/live", TOKEN).statusCode());
    HttpResponse<Buffer> publicReady = node.client().get("/health/ready").send().await(10, TimeUnit.SECONDS);
    assertEquals(200, publicReady.statusCode(), "readiness stays open on the public listener for load balancers");
  }

  @Test
  @DisplayName("the public listener answers 404 for every spelling of /metrics and /health/cluster, token or not")
  void notOnPublicListener() throws Exception {
    String[] spellings = {
      "/metrics", "/metrics/", "/METRICS", "/Metrics/", "//metrics", "/metrics?x", "/metrics%2F", "/%6detrics",
      "/metrics%252F", "/./metrics", "/x/../metrics", "/metrics;x", "/metrics/x",
      "/health/cluster", "/health/cluster/", "/HEALTH/CLUSTER", "//health//cluster", "/health/./cluster",
      "/health/cluster?x", "/health%2Fcluster", "/health/cluster%2F", "/health/x/../cluster"
    };
    for (String path : spellings) {
      for (String bearer : new String[] {null, TOKEN}) {
        var req = node.client().get(path);
        if (bearer != null) {
          req.putHeader("Authorization", "Bearer " + bearer);
        }
        HttpResponse<Buffer> r = req.send().await(10, TimeUnit.SECONDS);
        assertEquals(404, r.statusCode(), path + " answered " + r.statusCode() + ": " + r.bodyAsString());
        assertTrue(!r.bodyAsString().contains("podster_") && !r.bodyAsString().contains("nodeId"), path + " leaked " + r.bodyAsString());
      }
    }
  }

  @Test
  @DisplayName("a scripted session moves the podster_ counters; JVM, process and Vert.x series are there too")
  void countersMove() throws Exception {
    String before = scrape();

    Browser host = node.browser();
    String email = "m" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    host.signUp(email, "password1", "Metra");
    Browser stranger = node.browser();
    assertEquals(401, stranger.post("/api/auth/login", new JsonObject().put("email", email).put("password", "wrong-password")).statusCode());

    JsonObject room = host.post("/api/rooms", new JsonObject().put("name", "Counted")).bodyAsJsonObject().getJsonObject("room");
    String roomId = room.getString("id");
    try (WsPeer peer = WsPeer.connect(clients, node.node().httpPort(), host)) {
      peer.join(roomId);
      peer.send(new JsonObject().put("type", "ping"));
      peer.next("pong");
      peer.send(new JsonObject().put("type", "chat").put("text", "counted"));
      peer.next("chat");
      String during = scrape();
      assertEquals(1, value(during, "podster_sockets_open"), "one socket open");
      assertEquals(1, value(during, "podster_rooms_active"), "one room active");

      JsonObject take = host.post("/api/rooms/" + roomId + "/takes", null).bodyAsJsonObject().getJsonObject("take");
      JsonObject first = recording(host, roomId, take.getString("id"));
      JsonArray parts = presign(host, first.getString("id"));
      byte[] bytes = new byte[1234];
      String etag = put(parts.getJsonObject(0).getString("url"), bytes);
      HttpResponse<Buffer> done =
          host.post(
              "/api/recordings/" + first.getString("id") + "/complete",
              new JsonObject().put("parts", new JsonArray().add(new JsonObject().put("partNumber", 1).put("etag", etag))));
      assertEquals(200, done.statusCode(), done.bodyAsString());
      JsonObject second = recording(host, roomId, take.getString("id"));
      assertEquals(204, host.delete("/api/recordings/" + second.getString("id")).statusCode());
      // Deleting a finished recording is not an aborted upload.
      assertEquals(204, host.delete("/api/recordings/" + first.getString("id")).statusCode());
    }

    String after = scrape();
    for (String series : new String[] {"jvm_memory_used_bytes", "process_cpu_usage", "process_uptime_seconds", "vertx_http_server_requests_total"}) {
      assertTrue(after.contains(series), series + " missing from /metrics");
    }
    assertEquals(1, delta(before, after, "podster_auth_failures_total{reason=\"bad_credentials\"}"));
    assertEquals(1, delta(before, after, "podster_signaling_messages_total{type=\"join\"}"));
    assertEquals(1, delta(before, after, "podster_signaling_messages_total{type=\"ping\"}"));
    assertEquals(1, delta(before, after, "podster_signaling_messages_total{type=\"chat\"}"));
    assertEquals(2, delta(before, after, "podster_uploads_total{outcome=\"created\"}"));
    assertEquals(1, delta(before, after, "podster_uploads_total{outcome=\"completed\"}"));
    assertEquals(1, delta(before, after, "podster_uploads_total{outcome=\"aborted\"}"));
    assertEquals(1, delta(before, after, "podster_presigned_parts_total"));
    assertEquals(1234, delta(before, after, "podster_upload_completed_bytes_total"));
    assertTrue(after.contains("podster_relay_cross_node_seconds_bucket"), "the cross-node latency histogram is exposed");
    assertEquals(0, value(after, "podster_sockets_open"), "the socket closed");
  }

  @Test
  @DisplayName("a rate-limited sign-in counts as a rate-limit rejection")
  void rateLimits() throws Exception {
    String before = scrape();
    String email = "nobody-" + UUID.randomUUID() + "@example.com";
    Browser b = node.browser();
    int status = 0;
    for (int i = 0; i < 7 && status != 429; i++) {
      status = b.post("/api/auth/login", new JsonObject().put("email", email).put("password", "wrong-password")).statusCode();
    }
    assertEquals(429, status);
    assertTrue(delta(before, scrape(), "podster_rate_limited_total{limit=\"login\"}") >= 1);
  }

  @Test
  @DisplayName("every podster_ series the shipped Grafana dashboards query is exposed")
  void dashboardMatches() throws Exception {
    String text = scrape();
    for (String file : new String[] {"podster-dashboard.json", "podster-call-quality.json"}) {
      String dashboard = java.nio.file.Files.readString(java.nio.file.Path.of("..", "infra", "grafana", file));
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("podster_[a-z_]+").matcher(dashboard);
      int seen = 0;
      while (m.find()) {
        seen++;
        assertTrue(text.contains("# TYPE " + m.group()) || text.contains(m.group() + "{") || text.contains(m.group() + " "), file + ": " + m.group() + " is not exposed");
      }
      assertTrue(seen >= 8, file + " queries the podster_ series");
    }
  }

  static double delta(String before, String after, String series) {
    return value(after, series) - value(before, series);
  }

  static JsonObject recording(Browser b, String roomId, String takeId) {
    HttpResponse<Buffer> r =
        b.post(
            "/api/recordings",
            new JsonObject().put("roomId", roomId).put("takeId", takeId).put("kind", "audio").put("mimeType", "audio/webm;codecs=opus"));
    assertEquals(201, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject().getJsonObject("recording");
  }

  /** One URL, for a 1234-byte part 1. */
  static JsonArray presign(Browser b, String id) {
    HttpResponse<Buffer> r = b.post("/api/recordings/" + id + "/parts", new JsonObject().put("parts", new JsonArray().add(new JsonObject().put("partNumber", 1).put("size", 1234))));
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject().getJsonArray("parts");
  }

  static String put(String url, byte[] body) throws Exception {
    var r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "audio/webm").PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return r.headers().firstValue("ETag").orElseThrow();
  }
}

package io.podster.signaling;

import static io.podster.signaling.SignalingFixture.guest;
import static io.podster.signaling.SignalingFixture.host;
import static io.podster.signaling.SignalingFixture.newRoom;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podster.Browser;
import io.podster.TestNode;
import io.podster.metrics.Series;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code call-stats} over a real socket, and what the admin listener's /metrics makes of it. */
class CallStatsSocketTest {
  static TestNode node;
  static Vertx clients;

  @BeforeAll
  static void start() {
    node = TestNode.start();
    clients = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    clients.close();
    node.close();
  }

  static WsPeer ws(Browser b) {
    return WsPeer.connect(clients, node.node().httpPort(), b);
  }

  static JsonObject connection(String candidate) {
    return new JsonObject().put("candidate", candidate).put("intervalMs", 10_000).put("rttMs", 42.5).put("jitterMs", 3.2)
        .put("lossPercent", 1.5).put("sendKbps", 1200).put("recvKbps", 900).put("framesDecoded", 290).put("freezeMs", 120);
  }

  static JsonObject stats(Object id, JsonObject... connections) {
    JsonArray list = new JsonArray();
    for (JsonObject c : connections) {
      list.add(c);
    }
    return new JsonObject().put("type", "call-stats").put("id", id).put("connections", list);
  }

  static String scrape() throws Exception {
    HttpResponse<Buffer> r = node.admin().get("/metrics").send().await(10, TimeUnit.SECONDS);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsString();
  }

  static double delta(String before, String after, String series) {
    return Series.delta(before, after, series);
  }

  /** Everything sent before it has been handled once the pong is back (one socket's messages run in order). */
  static void settle(WsPeer p) {
    p.send(new JsonObject().put("type", "ping").put("id", "settle"));
    p.await(m -> "pong".equals(m.getString("type")) && "settle".equals(m.getString("id")), WsPeer.WAIT_MS);
  }

  @Test
  @DisplayName("an accepted summary moves the podster_call_ series on /metrics, with no answer and no per-user label")
  void seriesMove() throws Exception {
    Browser h = host(node);
    JsonObject room = newRoom(h);
    String before = scrape();
    try (WsPeer a = ws(h)) {
      a.join(room.getString("id"));
      a.send(stats("s1", connection("host"), connection("relay").putNull("rttMs")));
      settle(a);
    }
    String after = scrape();
    assertEquals(1, delta(before, after, "podster_call_reports_total{candidate=\"host\"}"));
    assertEquals(1, delta(before, after, "podster_call_reports_total{candidate=\"relay\"}"));
    assertEquals(0, delta(before, after, "podster_call_reports_total{candidate=\"srflx\"}"));
    assertEquals(1, delta(before, after, "podster_call_rtt_seconds_count{candidate=\"host\"}"));
    assertEquals(0, delta(before, after, "podster_call_rtt_seconds_count{candidate=\"relay\"}"), "an unmeasured round trip is not a 0");
    assertEquals(1, delta(before, after, "podster_call_rtt_seconds_bucket{candidate=\"host\",le=\"0.05\"}"));
    assertEquals(0.0425, delta(before, after, "podster_call_rtt_seconds_sum{candidate=\"host\"}"), 1e-9);
    assertEquals(1_200_000, delta(before, after, "podster_call_bitrate_bits_per_second_sum{candidate=\"relay\",direction=\"send\"}"));
    assertEquals(290, delta(before, after, "podster_call_frames_decoded_total{candidate=\"host\"}"));
    assertEquals(0.12, delta(before, after, "podster_call_freeze_seconds_total{candidate=\"host\"}"), 1e-9);
    assertEquals(10, delta(before, after, "podster_call_observed_seconds_total{candidate=\"host\"}"));
    assertEquals(1, delta(before, after, "podster_signaling_messages_total{type=\"call-stats\"}"));
    for (String line : after.lines().filter(l -> l.startsWith("podster_call_")).toList()) {
      assertTrue(!line.contains(room.getString("id")) && !line.contains("user") && !line.contains("peer") && !line.contains("room"), line);
    }
  }

  @Test
  @DisplayName("before join and after leave call-stats answers not_joined and counts nothing")
  void notJoined() throws Exception {
    Browser h = host(node);
    JsonObject room = newRoom(h);
    String before = scrape();
    try (WsPeer a = ws(h)) {
      a.send(stats(1, connection("host")));
      assertEquals(1, a.expectError("not_joined").getInteger("id"));
      a.join(room.getString("id"));
      a.send(new JsonObject().put("type", "leave"));
      a.send(stats(2, connection("host")));
      assertEquals(2, a.expectError("not_joined").getInteger("id"));
    }
    assertEquals(0, delta(before, scrape(), "podster_call_reports_total{candidate=\"host\"}"));
  }

  @Test
  @DisplayName("malformed, out-of-range and oversized summaries answer bad_message, keep the socket and count nothing")
  void malformed() throws Exception {
    Browser h = host(node);
    JsonObject room = newRoom(h);
    JsonObject[] seventeen = new JsonObject[17];
    java.util.Arrays.fill(seventeen, connection("host"));
    JsonObject[] bad = {
      new JsonObject().put("type", "call-stats").put("id", "b0"),
      new JsonObject().put("type", "call-stats").put("id", "b1").put("connections", "host"),
      stats("b2"),
      stats("b3", seventeen),
      stats("b4", connection("prflx")),
      stats("b5", connection("host").put("rttMs", -3)),
      stats("b6", connection("host").put("lossPercent", 140)),
      stats("b7", connection("host").put("sendKbps", "fast")),
      stats("b8", connection("host"), connection("host").put("framesDecoded", 1e9)),
      stats("b9", connection("host").put("intervalMs", 10))
    };
    String before = scrape();
    try (WsPeer a = ws(h)) {
      a.join(room.getString("id"));
      for (JsonObject m : bad) {
        a.send(m);
        JsonObject e = a.expectError("bad_message");
        assertEquals(m.getString("id"), e.getString("id"), e.encode());
      }
      // none of them used the socket's one summary per 5 s: a good one is still accepted
      a.send(stats("good", connection("host")));
      settle(a);
      a.assertNone("error", 200);
    }
    String after = scrape();
    assertEquals(bad.length, delta(before, after, "podster_call_stats_rejected_total{reason=\"invalid\"}"));
    assertEquals(1, delta(before, after, "podster_call_reports_total{candidate=\"host\"}"), "only the good one counted");
  }

  @Test
  @DisplayName("a second summary within 5 s answers rate_limited; a flood closes the socket with 1008; sockets are limited apart")
  void flood() throws Exception {
    Browser h = host(node);
    JsonObject room = newRoom(h);
    Browser g = guest(node, room, "Gail");
    String before = scrape();
    try (WsPeer a = ws(h); WsPeer b = ws(g)) {
      a.join(room.getString("id"));
      b.join(room.getString("id"));
      // both at once, from two sockets: each has its own allowance
      a.send(stats("a1", connection("host")));
      b.send(stats("b1", connection("host")));
      // the same summary again (a replay) and a fresh one: both too soon
      a.send(stats("a1", connection("host")));
      assertEquals("a1", a.expectError("rate_limited").getString("id"));
      a.send(stats("a2", connection("srflx")));
      assertEquals("a2", a.expectError("rate_limited").getString("id"));
      settle(b);
      b.assertNone("error", 200);
      for (int i = 0; i < 400 && !b.isClosed(); i++) {
        b.send(stats("f" + i, connection("host")));
      }
      assertEquals(1008, b.closeCode(5000));
      settle(a);
    }
    String after = scrape();
    assertEquals(2, delta(before, after, "podster_call_reports_total{candidate=\"host\"}"));
    assertEquals(0, delta(before, after, "podster_call_reports_total{candidate=\"srflx\"}"));
    assertTrue(delta(before, after, "podster_call_stats_rejected_total{reason=\"too_frequent\"}") >= 2);
  }

  @Test
  @DisplayName("the loss bucket the call-quality dashboard divides by is exposed, spelled as it queries it")
  void dashboardLossBucket() throws Exception {
    String dashboard = java.nio.file.Files.readString(java.nio.file.Path.of("..", "infra", "grafana", "podster-call-quality.json"));
    assertTrue(dashboard.contains("podster_call_packet_loss_percent_bucket{job=~\\\"$job\\\",le=\\\"2.0\\\"}"), "the dashboard's loss panel");
    assertTrue(scrape().contains("podster_call_packet_loss_percent_bucket{candidate=\"host\",le=\"2.0\"}"));
  }
}

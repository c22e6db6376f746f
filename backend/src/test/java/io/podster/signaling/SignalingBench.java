package io.podster.signaling;

import static io.podster.signaling.SignalingFixture.host;
import static io.podster.signaling.SignalingFixture.newRoom;

import io.podster.Browser;
import io.podster.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Relayed-signal latency and throughput on one node: pairs of peers in their own rooms, each side
 * sending at a steady rate under the per-socket limit (A → B, B echoes to A; A times the round
 * trip). Run by {@code scripts/bench/signaling}; clients and server share this JVM.
 */
@EnabledIfSystemProperty(named = "podster.bench", matches = "true")
class SignalingBench {
  @Test
  void relay() throws Exception {
    int rooms = Integer.getInteger("bench.rooms", 50);
    int perSecond = Integer.getInteger("bench.rate", 40);
    int seconds = Integer.getInteger("bench.seconds", 10);
    try (TestNode node = TestNode.start(Map.of("PODSTER_SIGNUPS_PER_ADDRESS", "10000"))) {
      Vertx clients = Vertx.vertx();
      Browser h = host(node);
      List<WsPeer[]> pairs = new ArrayList<>();
      for (int i = 0; i < rooms; i++) {
        String roomId = newRoom(h).getString("id");
        WsPeer a = WsPeer.connect(clients, node.node().httpPort(), h);
        WsPeer b = WsPeer.connect(clients, node.node().httpPort(), h);
        a.join(roomId);
        b.join(roomId);
        pairs.add(new WsPeer[] {a, b});
      }
      List<Long> rtts = Collections.synchronizedList(new ArrayList<>());
      AtomicLong sent = new AtomicLong();
      for (WsPeer[] p : pairs) {
        WsPeer a = p[0];
        WsPeer b = p[1];
        b.socket()
            .textMessageHandler(
                t -> {
                  JsonObject m = new JsonObject(t);
                  if ("signal".equals(m.getString("type"))) {
                    b.send(new JsonObject().put("type", "signal").put("to", m.getString("from")).put("data", m.getJsonObject("data")));
                  }
                });
        a.socket()
            .textMessageHandler(
                t -> {
                  JsonObject m = new JsonObject(t);
                  if ("signal".equals(m.getString("type"))) {
                    rtts.add(System.nanoTime() - m.getJsonObject("data").getLong("t"));
                  }
                });
      }
      long timer =
          clients.setPeriodic(
              1000 / perSecond,
              id -> {
                for (WsPeer[] p : pairs) {
                  sent.incrementAndGet();
                  p[0].send(
                      new JsonObject()
                          .put("type", "signal")
                          .put("to", p[1].peerId)
                          .put("data", new JsonObject().put("t", System.nanoTime()).put("candidate", "candidate:1 1 udp 2122260223 192.0.2.1 54321 typ host")));
                }
              });
      Thread.sleep(seconds * 1000L);
      clients.cancelTimer(timer);
      Thread.sleep(2000);
      List<Long> sorted;
      synchronized (rtts) {
        sorted = new ArrayList<>(rtts);
      }
      Collections.sort(sorted);
      long received = sorted.size();
      System.out.printf(
          "BENCH rooms=%d sockets=%d rate=%d/s/socket seconds=%d sent=%d roundTrips=%d relayedPerSecond=%.0f"
              + " rttMs p50=%.2f p90=%.2f p99=%.2f max=%.2f%n",
          rooms,
          rooms * 2,
          perSecond,
          seconds,
          sent.get(),
          received,
          2.0 * received / seconds,
          pct(sorted, 0.50),
          pct(sorted, 0.90),
          pct(sorted, 0.99),
          sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1) / 1e6);
      for (WsPeer[] p : pairs) {
        p[0].close();
        p[1].close();
      }
      clients.close().await(10, TimeUnit.SECONDS);
    }
  }

  private static double pct(List<Long> sorted, double q) {
    return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.floor(q * sorted.size()))) / 1e6;
  }
}

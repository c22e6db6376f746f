package io.podster.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.podster.metrics.PodsterMetrics;
import io.podster.telemetry.ConnectionQuality;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The per-socket allowance, on a clock the test moves. */
class CallStatsMessagesTest {
  static final class Counted implements PodsterMetrics {
    final List<List<ConnectionQuality>> accepted = new ArrayList<>();
    final List<String> rejected = new ArrayList<>();

    @Override
    public void callQuality(List<ConnectionQuality> connections) {
      accepted.add(connections);
    }

    @Override
    public void callStatsRejected(String reason) {
      rejected.add(reason);
    }
  }

  long now = 1_000_000;
  final Clock clock =
      new Clock() {
        @Override
        public Instant instant() {
          return Instant.ofEpochMilli(now);
        }

        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }
      };

  static JsonObject stats() {
    return new JsonObject().put("type", "call-stats").put("connections", new JsonArray().add(
        new JsonObject().put("candidate", "host").put("intervalMs", 10_000).put("rttMs", 1).put("jitterMs", 1)
            .put("lossPercent", 0).put("sendKbps", 1).put("recvKbps", 1).put("framesDecoded", 1).put("freezeMs", 0)));
  }

  @Test
  @DisplayName("one summary per socket every 5 s is accepted; sooner ones are refused and count nothing")
  void allowance() {
    Counted metrics = new Counted();
    CallStatsMessages messages = new CallStatsMessages(metrics, clock);
    SocketSession a = new SocketSession(null, null, null, now);
    SocketSession b = new SocketSession(null, null, null, now);
    messages.receive(a, stats());
    messages.receive(b, stats());
    now += 4_999;
    SignalError e = assertThrows(SignalError.class, () -> messages.receive(a, stats()));
    assertEquals("rate_limited", e.code());
    now += 1;
    messages.receive(a, stats());
    // a refused one does not push the next allowance back
    now += 3_000;
    assertThrows(SignalError.class, () -> messages.receive(a, stats()));
    now += 2_000;
    messages.receive(a, stats());
    // a bad one answers bad_message and does not use the allowance either
    now += 5_000;
    assertEquals("bad_message", assertThrows(SignalError.class, () -> messages.receive(b, new JsonObject().put("type", "call-stats"))).code());
    messages.receive(b, stats());
    assertEquals(5, metrics.accepted.size());
    assertEquals(List.of("too_frequent", "too_frequent", "invalid"), metrics.rejected);
  }
}

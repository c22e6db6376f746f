package io.podster.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CallStatsReaderTest {
  /** One connection's summary as a browser sends it. */
  static JsonObject connection(String candidate) {
    return new JsonObject()
        .put("candidate", candidate)
        .put("intervalMs", 10_000)
        .put("rttMs", 42.5)
        .put("jitterMs", 3.2)
        .put("lossPercent", 1.5)
        .put("sendKbps", 1200)
        .put("recvKbps", 900.5)
        .put("framesDecoded", 290)
        .put("freezeMs", 120);
  }

  static JsonObject message(JsonObject... connections) {
    return new JsonObject().put("type", "call-stats").put("connections", new JsonArray(List.of((Object[]) connections)));
  }

  @Test
  @DisplayName("a browser's summary is read into base units: seconds, ratios, bits per second")
  void readsBaseUnits() {
    List<ConnectionQuality> q = CallStatsReader.read(message(connection("relay"), connection("host")));
    assertEquals(2, q.size());
    ConnectionQuality r = q.get(0);
    assertEquals("relay", r.candidate());
    assertEquals(10.0, r.seconds());
    assertEquals(0.0425, r.rttSeconds(), 1e-12);
    assertEquals(0.0032, r.jitterSeconds(), 1e-12);
    assertEquals(0.015, r.lossRatio(), 1e-12);
    assertEquals(1_200_000, r.sendBitsPerSecond());
    assertEquals(900_500, r.receiveBitsPerSecond());
    assertEquals(290, r.framesDecoded());
    assertEquals(0.12, r.freezeSeconds(), 1e-12);
  }

  @Test
  @DisplayName("a figure the browser did not measure may be null and stays unknown, not zero")
  void nullsAreUnknown() {
    JsonObject c = connection("srflx").putNull("rttMs").putNull("jitterMs").putNull("lossPercent").putNull("freezeMs");
    ConnectionQuality q = CallStatsReader.read(message(c)).get(0);
    assertNull(q.rttSeconds());
    assertNull(q.jitterSeconds());
    assertNull(q.lossRatio());
    assertNull(q.freezeSeconds());
  }

  @Test
  @DisplayName("the boundaries themselves are accepted")
  void boundaries() {
    JsonObject low = connection("host").put("intervalMs", 1000).put("rttMs", 0).put("lossPercent", 0).put("sendKbps", 0).put("recvKbps", 0).put("framesDecoded", 0);
    JsonObject high = connection("host").put("intervalMs", 120_000).put("rttMs", 60_000).put("jitterMs", 60_000).put("lossPercent", 100)
        .put("sendKbps", 1_000_000).put("recvKbps", 1_000_000).put("framesDecoded", 60_000).put("freezeMs", 600_000);
    JsonObject[] sixteen = new JsonObject[CallStatsReader.MAX_CONNECTIONS];
    java.util.Arrays.fill(sixteen, connection("host"));
    assertEquals(2, CallStatsReader.read(message(low, high)).size());
    assertEquals(16, CallStatsReader.read(message(sixteen)).size());
  }

  record Case(String what, Consumer<JsonObject> breakIt, String says) {}

  @Test
  @DisplayName("each malformed or out-of-range field is refused with a message naming it")
  void refusals() {
    List<Case> cases =
        List.of(
            new Case("unknown candidate", c -> c.put("candidate", "prflx"), "connections[0].candidate' must be one of host, srflx, relay"),
            new Case("candidate not a string", c -> c.put("candidate", 1), "candidate' must be one of"),
            new Case("candidate missing", c -> c.remove("candidate"), "candidate' must be one of"),
            new Case("interval too short", c -> c.put("intervalMs", 999), "intervalMs' must be between 1000 and 120000"),
            new Case("interval too long", c -> c.put("intervalMs", 120_001), "intervalMs' must be between"),
            new Case("interval a string", c -> c.put("intervalMs", "10000"), "intervalMs' must be a number"),
            new Case("interval null", c -> c.putNull("intervalMs"), "intervalMs' must be a number"),
            new Case("negative rtt", c -> c.put("rttMs", -1), "rttMs' must be between 0 and 60000"),
            new Case("rtt over a minute", c -> c.put("rttMs", 60_000.5), "rttMs' must be between"),
            new Case("rtt infinite (1e400)", c -> c.put("rttMs", Double.POSITIVE_INFINITY), "rttMs' must be between"),
            new Case("rtt missing", c -> c.remove("rttMs"), "rttMs' must be a number or null"),
            new Case("rtt a boolean", c -> c.put("rttMs", true), "rttMs' must be a number or null"),
            new Case("jitter negative", c -> c.put("jitterMs", -0.1), "jitterMs' must be between"),
            new Case("loss over 100 %", c -> c.put("lossPercent", 100.01), "lossPercent' must be between 0 and 100"),
            new Case("send bitrate over 1 Gbit/s", c -> c.put("sendKbps", 1_000_001), "sendKbps' must be between"),
            new Case("receive bitrate negative", c -> c.put("recvKbps", -5), "recvKbps' must be between"),
            new Case("receive bitrate null", c -> c.putNull("recvKbps"), "recvKbps' must be a number"),
            new Case("frames over 500 a second", c -> c.put("framesDecoded", 5001), "framesDecoded' must be between 0 and 5000"),
            new Case("frames fractional", c -> c.put("framesDecoded", 12.5), "framesDecoded' must be a whole number"),
            new Case("freeze over 10 minutes", c -> c.put("freezeMs", 600_001), "freezeMs' must be between"),
            new Case("freeze a string", c -> c.put("freezeMs", "0"), "freezeMs' must be a number or null"));
    for (Case k : cases) {
      JsonObject c = connection("host");
      k.breakIt().accept(c);
      CallStatsReader.Invalid e = assertThrows(CallStatsReader.Invalid.class, () -> CallStatsReader.read(message(connection("host"), c)), k.what());
      assertTrue(e.getMessage().contains(k.says().replace("connections[0]", "connections[1]")), k.what() + ": " + e.getMessage());
    }
  }

  @Test
  @DisplayName("the connections list must be a non-empty array of objects, at most 16 long")
  void connectionsList() {
    JsonObject[] seventeen = new JsonObject[CallStatsReader.MAX_CONNECTIONS + 1];
    java.util.Arrays.fill(seventeen, connection("host"));
    assertTrue(assertThrows(CallStatsReader.Invalid.class, () -> CallStatsReader.read(message(seventeen))).getMessage().contains("at most 16"));
    for (JsonObject bad :
        new JsonObject[] {
          new JsonObject().put("type", "call-stats"),
          new JsonObject().put("connections", new JsonArray()),
          new JsonObject().put("connections", new JsonObject()),
          new JsonObject().put("connections", "host"),
          new JsonObject().put("connections", new JsonArray().add(1)),
          new JsonObject().put("connections", new JsonArray().add(connection("host")).addNull())
        }) {
      assertThrows(CallStatsReader.Invalid.class, () -> CallStatsReader.read(bad), bad.encode());
    }
  }
}

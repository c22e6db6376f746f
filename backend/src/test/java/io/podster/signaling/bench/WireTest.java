package io.podster.signaling.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The generator's field lookups read what a full JSON parse reads, on each server's frames. */
class WireTest {
  @Test
  void readsTheSendTimeOfARelayedSignal() {
    String podster =
        new JsonObject()
            .put("type", "signal")
            .put("from", "p-1")
            .put("data", new JsonObject().put("t", 123456789012L).put("candidate", Wire.CANDIDATE))
            .encode();
    String socketIo =
        "42" + new JsonArray().add("signal").add(new JsonObject().put("from", "x").put("data", new JsonObject().put("t", 42L))).encode();
    assertEquals(123456789012L, Wire.longAfter(podster, "\"t\":"));
    assertEquals(42L, Wire.longAfter(socketIo, "\"t\":"));
  }

  @Test
  void readsTheSenderOfAPeerState() {
    String podster =
        new JsonObject().put("type", "peer-state").put("peerId", "0b1c-2d").put("state", new JsonObject().put("audio", true)).encode();
    assertEquals("0b1c-2d", Wire.stringAfter(podster, "\"peerId\":\""));
  }

  @Test
  void buildsFramesThatParseAsTheProtocolSays() {
    Vertx vertx = Vertx.vertx();
    try {
      JsonObject podster = new JsonObject(new Wire.Podster(vertx, "c", "o").signal("p-2", 7L));
      assertEquals("signal", podster.getString("type"));
      assertEquals("p-2", podster.getString("to"));
      assertEquals(7L, podster.getJsonObject("data").getLong("t"));
      assertEquals(Wire.CANDIDATE, podster.getJsonObject("data").getString("candidate"));
      JsonArray sio = new JsonArray(new Wire.SocketIo(vertx).signal("s-2", 9L).substring(2));
      assertEquals("signal", sio.getString(0));
      assertEquals("s-2", sio.getJsonObject(1).getString("to"));
      assertEquals(9L, sio.getJsonObject(1).getJsonObject("data").getLong("t"));
    } finally {
      vertx.close();
    }
  }
}

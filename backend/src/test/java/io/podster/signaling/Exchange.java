package io.podster.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;

/** Signals between two joined test peers, checked to arrive complete and in the order they were sent. */
final class Exchange {
  private Exchange() {}

  static void inOrder(WsPeer from, WsPeer to, int count) {
    for (int i = 0; i < count; i++) {
      from.send(new JsonObject().put("type", "signal").put("to", to.peerId).put("data", new JsonObject().put("candidate", "c" + i)));
    }
    for (int i = 0; i < count; i++) {
      JsonObject got = to.next("signal");
      assertEquals(from.peerId, got.getString("from"), got.encode());
      assertEquals("c" + i, got.getJsonObject("data").getString("candidate"), "signal " + i + " of " + count + " in order");
    }
  }
}

package io.podster.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RoomBroadcastCodecTest {
  private final RoomBroadcastCodec codec = new RoomBroadcastCodec();

  @Test
  @DisplayName("a broadcast crosses the wire whole, nulls and non-ASCII text included, after whatever precedes it in the buffer")
  void roundTrip() {
    RoomBroadcast b =
        new RoomBroadcast("{\"type\":\"chat\",\"text\":\"héllo 🎙\"}", null, "p2", "{\"type\":\"chat\",\"id\":7}", null);
    Buffer wire = Buffer.buffer().appendString("head");
    codec.encodeToWire(wire, b);
    assertEquals(b, codec.decodeFromWire(4, wire));
    RoomBroadcast left = new RoomBroadcast("{\"type\":\"peer-left\",\"peerId\":\"p1\"}", "p1", null, null, "p1");
    Buffer other = Buffer.buffer();
    codec.encodeToWire(other, left);
    assertEquals(left, codec.decodeFromWire(0, other));
  }

  @Test
  @DisplayName("on this node the broadcast itself is handed over, not a copy")
  void localIsSameInstance() {
    RoomBroadcast b = new RoomBroadcast("{}", null, null, null, null);
    assertSame(b, codec.transform(b));
  }
}

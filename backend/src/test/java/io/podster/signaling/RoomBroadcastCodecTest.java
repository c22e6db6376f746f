package io.podster.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RoomBroadcastCodecTest {
  private final RoomBroadcastCodec codec = new RoomBroadcastCodec();

  @Test
  @DisplayName("a turn's broadcasts cross the wire whole and in order, nulls and non-ASCII text included, after whatever precedes them in the buffer")
  void roundTrip() {
    RoomBroadcast chat =
        new RoomBroadcast("{\"type\":\"chat\",\"text\":\"héllo 🎙\"}", null, "p2", "{\"type\":\"chat\",\"id\":7}", null);
    RoomBroadcast left = new RoomBroadcast("{\"type\":\"peer-left\",\"peerId\":\"p1\"}", "p1", null, null, "p1");
    RoomBroadcasts batch = new RoomBroadcasts(List.of(chat, left));
    Buffer wire = Buffer.buffer().appendString("head");
    codec.encodeToWire(wire, batch);
    assertEquals(batch, codec.decodeFromWire(4, wire));
    RoomBroadcasts empty = new RoomBroadcasts(List.of());
    Buffer other = Buffer.buffer();
    codec.encodeToWire(other, empty);
    assertEquals(empty, codec.decodeFromWire(0, other));
  }

  @Test
  @DisplayName("on this node the batch itself is handed over, not a copy")
  void localIsSameInstance() {
    RoomBroadcasts b = new RoomBroadcasts(List.of(new RoomBroadcast("{}", null, null, null, null)));
    assertSame(b, codec.transform(b));
  }
}

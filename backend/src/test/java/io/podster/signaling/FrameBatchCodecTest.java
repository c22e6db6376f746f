package io.podster.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FrameBatchCodecTest {
  private final FrameBatchCodec codec = new FrameBatchCodec();

  @Test
  @DisplayName("a batch crosses the wire whole and in order, non-ASCII text included, after whatever precedes it")
  void roundTrip() {
    FrameBatch b =
        new FrameBatch(
            List.of("p1", "p2", "p1"),
            List.of("{\"type\":\"signal\",\"n\":1}", "{\"type\":\"chat\",\"text\":\"héllo 🎙\"}", "{\"type\":\"signal\",\"n\":2}"));
    Buffer wire = Buffer.buffer().appendString("head");
    codec.encodeToWire(wire, b);
    assertEquals(b, codec.decodeFromWire(4, wire));
    FrameBatch empty = new FrameBatch(List.of(), List.of());
    Buffer other = Buffer.buffer();
    codec.encodeToWire(other, empty);
    assertEquals(empty, codec.decodeFromWire(0, other));
  }

  @Test
  @DisplayName("on this node the batch itself is handed over, not a copy")
  void localIsSameInstance() {
    FrameBatch b = new FrameBatch(List.of("p"), List.of("{}"));
    assertSame(b, codec.transform(b));
  }
}

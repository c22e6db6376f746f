package io.podster.signaling;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import java.nio.charset.StandardCharsets;

/**
 * Carries a {@link RoomBroadcast} on the event bus. On this node the record itself is handed to
 * the consumers (it is immutable); between nodes its strings travel length-prefixed.
 */
final class RoomBroadcastCodec implements MessageCodec<RoomBroadcast, RoomBroadcast> {
  static final String NAME = "podster.room-broadcast";

  @Override
  public void encodeToWire(Buffer buffer, RoomBroadcast b) {
    write(buffer, b.text());
    write(buffer, b.except());
    write(buffer, b.echoTo());
    write(buffer, b.echoText());
    write(buffer, b.leftPeerId());
  }

  @Override
  public RoomBroadcast decodeFromWire(int pos, Buffer buffer) {
    int[] at = {pos};
    return new RoomBroadcast(read(buffer, at), read(buffer, at), read(buffer, at), read(buffer, at), read(buffer, at));
  }

  @Override
  public RoomBroadcast transform(RoomBroadcast b) {
    return b;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }

  private static void write(Buffer buffer, String s) {
    if (s == null) {
      buffer.appendInt(-1);
      return;
    }
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    buffer.appendInt(bytes.length).appendBytes(bytes);
  }

  private static String read(Buffer buffer, int[] at) {
    int length = buffer.getInt(at[0]);
    at[0] += 4;
    if (length < 0) {
      return null;
    }
    String s = buffer.getString(at[0], at[0] + length, "UTF-8");
    at[0] += length;
    return s;
  }
}

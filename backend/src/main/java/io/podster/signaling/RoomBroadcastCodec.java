package io.podster.signaling;

import static io.podster.signaling.WireStrings.read;
import static io.podster.signaling.WireStrings.write;

import io.vertx.core.buffer.Buffer;

/**
 * Carries a {@link RoomBroadcast} on the event bus. On this node the record itself is handed to
 * the consumers (it is immutable); between nodes its strings travel length-prefixed.
 */
final class RoomBroadcastCodec extends SameInstanceCodec<RoomBroadcast> {
  static final String NAME = "podster.room-broadcast";

  RoomBroadcastCodec() {
    super(NAME);
  }

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
}

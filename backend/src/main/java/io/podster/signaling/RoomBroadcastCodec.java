package io.podster.signaling;

import static io.podster.signaling.WireStrings.read;
import static io.podster.signaling.WireStrings.write;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Carries {@link RoomBroadcasts} on the event bus. On this node the batch itself is handed to the
 * consumers (it is immutable); between nodes a count, then each broadcast's strings length-prefixed.
 */
final class RoomBroadcastCodec extends SameInstanceCodec<RoomBroadcasts> {
  static final String NAME = "podster.room-broadcasts";

  RoomBroadcastCodec() {
    super(NAME);
  }

  @Override
  public void encodeToWire(Buffer buffer, RoomBroadcasts batch) {
    buffer.appendInt(batch.items().size());
    for (RoomBroadcast b : batch.items()) {
      write(buffer, b.text());
      write(buffer, b.except());
      write(buffer, b.echoTo());
      write(buffer, b.echoText());
      write(buffer, b.leftPeerId());
    }
  }

  @Override
  public RoomBroadcasts decodeFromWire(int pos, Buffer buffer) {
    int count = buffer.getInt(pos);
    int[] at = {pos + 4};
    List<RoomBroadcast> items = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      items.add(new RoomBroadcast(read(buffer, at), read(buffer, at), read(buffer, at), read(buffer, at), read(buffer, at)));
    }
    return new RoomBroadcasts(items);
  }
}

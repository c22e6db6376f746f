package io.podster.signaling;

import static io.podster.signaling.WireStrings.read;
import static io.podster.signaling.WireStrings.write;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/** Carries a {@link FrameBatch}: a count, then each peer id and frame length-prefixed. */
final class FrameBatchCodec extends SameInstanceCodec<FrameBatch> {
  static final String NAME = "podster.frame-batch";

  FrameBatchCodec() {
    super(NAME);
  }

  @Override
  public void encodeToWire(Buffer buffer, FrameBatch b) {
    buffer.appendInt(b.frames().size());
    for (int i = 0; i < b.frames().size(); i++) {
      write(buffer, b.peerIds().get(i));
      write(buffer, b.frames().get(i));
    }
  }

  @Override
  public FrameBatch decodeFromWire(int pos, Buffer buffer) {
    int count = buffer.getInt(pos);
    int[] at = {pos + 4};
    List<String> peerIds = new ArrayList<>(count);
    List<String> frames = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      peerIds.add(read(buffer, at));
      frames.add(read(buffer, at));
    }
    return new FrameBatch(peerIds, frames);
  }
}

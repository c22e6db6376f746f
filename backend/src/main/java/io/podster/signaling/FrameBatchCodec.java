package io.podster.signaling;

import static io.podster.signaling.WireStrings.read;
import static io.podster.signaling.WireStrings.write;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import java.util.ArrayList;
import java.util.List;

/** Carries a {@link FrameBatch}: a count, then each peer id and frame length-prefixed. */
final class FrameBatchCodec implements MessageCodec<FrameBatch, FrameBatch> {
  static final String NAME = "podster.frame-batch";

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

  @Override
  public FrameBatch transform(FrameBatch b) {
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
}

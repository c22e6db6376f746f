package io.podster.signaling;

import io.vertx.core.eventbus.MessageCodec;

/**
 * A codec for an immutable signaling message: on this node the object itself is handed to the
 * consumers; only between nodes does it take its wire form.
 */
abstract class SameInstanceCodec<T> implements MessageCodec<T, T> {
  private final String name;

  SameInstanceCodec(String name) {
    this.name = name;
  }

  @Override
  public T transform(T message) {
    return message;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}

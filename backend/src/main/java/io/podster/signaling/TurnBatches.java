package io.podster.signaling;

import io.vertx.core.Vertx;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Messages gathered per destination during one event-loop turn and sent as one batch per
 * destination when the turn ends. Each event-bus message costs its own encoding, headers and
 * socket write; a busy turn pays that once per destination, a quiet one's lone message waits only
 * for the turn to end. Callers are on the sockets' event loop; synchronized all the same, because
 * a caller on another loop would otherwise corrupt the batches rather than only delay them.
 *
 * @param <B> a destination's batch, filled in the order messages were added
 */
final class TurnBatches<B> {
  private final Vertx vertx;
  private final Supplier<B> newBatch;
  private final BiConsumer<String, B> send;
  private Map<String, B> pending = new LinkedHashMap<>();

  /** @param send called once per destination at the end of the turn, with that destination's batch */
  TurnBatches(Vertx vertx, Supplier<B> newBatch, BiConsumer<String, B> send) {
    this.vertx = vertx;
    this.newBatch = newBatch;
    this.send = send;
  }

  /** Adds to {@code destination}'s batch of this turn: {@code fill} puts the message in it. */
  synchronized void add(String destination, Consumer<B> fill) {
    if (pending.isEmpty()) {
      vertx.getOrCreateContext().runOnContext(v -> flush());
    }
    fill.accept(pending.computeIfAbsent(destination, k -> newBatch.get()));
  }

  private void flush() {
    Map<String, B> due;
    synchronized (this) {
      due = pending;
      pending = new LinkedHashMap<>();
    }
    due.forEach(send);
  }
}

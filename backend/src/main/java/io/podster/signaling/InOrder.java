package io.podster.signaling;

import io.vertx.core.Future;
import java.util.function.Supplier;

/**
 * Runs one socket's asynchronous steps in the order they came: a step waits for the one before
 * it only while that one is still pending, so the common case (nothing pending) runs at once.
 */
final class InOrder {
  /** The last step still pending, or null. */
  private Future<Void> last;

  boolean idle() {
    return last == null;
  }

  Future<Void> then(Supplier<Future<Void>> step) {
    Future<Void> before = last == null ? Future.succeededFuture() : last;
    Future<Void> mine = before.transform(x -> step.get());
    last = mine;
    mine.onComplete(
        x -> {
          if (last == mine) {
            last = null;
          }
        });
    return mine;
  }
}

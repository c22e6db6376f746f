package io.podster.signaling;

import io.vertx.core.Future;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Keeps at most one write in flight: a write asked for meanwhile is not queued but marks the
 * value dirty, and one write of the then-latest value follows when the first completes. A chatty
 * client so costs one cluster-map write per round trip instead of one per message.
 */
final class LatestWrite {
  private boolean writing;
  private boolean dirty;

  /**
   * @param write writes the latest value; asked again for the follow-up write
   * @param stillWanted whether a follow-up write is still wanted (false once the value is gone)
   */
  void write(Supplier<Future<Void>> write, Supplier<Boolean> stillWanted, Consumer<Throwable> onFailure) {
    if (writing) {
      dirty = true;
      return;
    }
    writing = true;
    write.get()
        .onComplete(
            r -> {
              writing = false;
              if (r.failed()) {
                onFailure.accept(r.cause());
              }
              if (dirty && stillWanted.get()) {
                dirty = false;
                write(write, stillWanted, onFailure);
              }
            });
  }
}

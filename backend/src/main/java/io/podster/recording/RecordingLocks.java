package io.podster.recording;

import io.podster.domain.Unavailable;
import io.vertx.core.Future;
import io.vertx.core.shareddata.SharedData;
import java.util.function.Supplier;

/**
 * The one lock per recording that complete, delete and the janitor's abort take, so none of them
 * acts on a state another is halfway through changing (a delete aborting the upload while complete
 * assembles it). Vert.x shared-data locks are cluster-wide when the node is clustered, and are
 * released when the holder's node leaves; work inside re-reads the row after taking the lock.
 */
final class RecordingLocks {
  /** Long enough for the store to assemble a large upload while another call waits. */
  static final long WAIT_MS = 60_000;
  private final SharedData sharedData;

  RecordingLocks(SharedData sharedData) {
    this.sharedData = sharedData;
  }

  static String name(String recordingId) {
    return "recordings.lock." + recordingId;
  }

  /** Runs {@code work} holding the recording's lock; releases it however the work ends. */
  <T> Future<T> recording(String recordingId, Supplier<Future<T>> work) {
    return holding(name(recordingId), work);
  }

  /**
   * Runs {@code work} holding the take's lock: creating a recording of the take and marking the
   * take deleted take it, so once a deletion has marked the take no recording of it can appear
   * that the deletion's own listing would miss.
   */
  <T> Future<T> take(String takeId, Supplier<Future<T>> work) {
    return holding("recordings.take." + takeId, work);
  }

  /**
   * Runs {@code work} holding the account's quota lock: a quota check and the reservation it
   * allows are one step, so two presigns of one account cannot both fit in the same free bytes.
   */
  <T> Future<T> account(String userId, Supplier<Future<T>> work) {
    return holding("recordings.quota." + userId, work);
  }

  private <T> Future<T> holding(String lockName, Supplier<Future<T>> work) {
    return sharedData
        .getLockWithTimeout(lockName, WAIT_MS)
        .recover(e -> Future.failedFuture(
            new Unavailable("This recording is busy with another request. Try again.")))
        .compose(lock -> {
          Future<T> result;
          try {
            result = work.get();
          } catch (RuntimeException e) {
            result = Future.failedFuture(e);
          }
          return result.andThen(x -> lock.release());
        });
  }
}

package io.podster.recording;

import io.podster.domain.DomainError;
import io.podster.domain.Unavailable;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The one lock per recording that complete, delete and the janitor's abort take, so none of them
 * acts on a state another is halfway through changing (a delete aborting the upload while complete
 * assembles it); likewise per take and per account quota. Work inside re-reads the row after
 * taking the lock.
 *
 * <p>A lock is a lease in a cluster-wide map: {@code putIfAbsent(name, token, ttl)} takes it,
 * {@code removeIfPresent(name, token)} gives it back, a waiter polls. Not Vert.x's shared-data
 * locks: on Hazelcast with the CP subsystem off they are semaphores made on first use, and two
 * nodes using a new name at once both made it, with a permit each: measured, a fresh lock taken
 * from two nodes admitted two holders at once in one run of three (ClusterUploadRaceTest). A
 * lease is one atomic write on the key's partition owner. The price: a holder whose node dies
 * without giving it back holds it until the lease ends ({@link #LEASE_MS}); waiters meanwhile
 * answer "busy, try again".
 */
final class RecordingLocks {
  /** Long enough for the store to assemble a large upload while another call waits. */
  static final long WAIT_MS = 60_000;
  /** Longer than any work under a lock (a complete of a large upload), so a lease never ends under its holder. */
  static final long LEASE_MS = 10 * 60_000;
  private static final long FIRST_PAUSE_MS = 5;
  private static final long LONGEST_PAUSE_MS = 200;
  private static final String MAP = "podster.recording.leases";
  private static final String BUSY = "This recording is busy with another request. Try again.";
  private final Vertx vertx;

  RecordingLocks(Vertx vertx) {
    this.vertx = vertx;
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
    String token = UUID.randomUUID().toString();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
    return vertx.sharedData()
        .<String, String>getAsyncMap(MAP)
        .compose(leases -> take(leases, lockName, token, deadline, FIRST_PAUSE_MS)
            .recover(e -> Future.failedFuture(e instanceof DomainError ? e
                : new Unavailable(BUSY)))
            .compose(v -> {
              Future<T> result;
              try {
                result = work.get();
              } catch (RuntimeException e) {
                result = Future.failedFuture(e);
              }
              return result.andThen(x -> leases.removeIfPresent(lockName, token));
            }));
  }

  /** Takes the lease, trying again after a pause that doubles up to {@link #LONGEST_PAUSE_MS}, until the deadline. */
  private Future<Void> take(AsyncMap<String, String> leases, String name, String token, long deadline, long pause) {
    return leases.putIfAbsent(name, token, LEASE_MS).compose(holder -> {
      if (holder == null) {
        return Future.succeededFuture();
      }
      if (System.nanoTime() > deadline) {
        return Future.failedFuture(new Unavailable(BUSY));
      }
      Promise<Void> again = Promise.promise();
      vertx.setTimer(pause, t -> take(leases, name, token, deadline, Math.min(LONGEST_PAUSE_MS, 2 * pause)).onComplete(again));
      return again.future();
    });
  }
}

package io.podster.recording;

import io.podster.storage.ObjectStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Lock;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Aborts uploads nobody has touched for {@code idleAge} (a closed tab, a crashed browser), so the
 * store does not keep paying for orphaned parts. One node sweeps at a time: the shared-data lock is
 * cluster-wide when the node is clustered; a node that cannot get it quickly skips this round.
 */
public final class UploadJanitor {
  private static final Logger log = LoggerFactory.getLogger(UploadJanitor.class);
  static final String LOCK = "recordings.janitor";
  private static final int BATCH = 100;
  private final Vertx vertx;
  private final RecordingRepository recordings;
  private final MultipartStore store;
  private final Clock clock;
  private final Duration idleAge;
  private final RecordingLocks locks;
  private final UploadParts parts;

  private final TakeDeletion deletions;

  UploadJanitor(Vertx vertx, RecordingRepository recordings, UploadParts parts, MultipartStore store, Clock clock, Duration idleAge,
      Takes takes) {
    this.vertx = vertx;
    this.parts = parts;
    this.locks = new RecordingLocks(vertx);
    this.deletions = new TakeDeletion(takes, recordings, locks, new TrackRemoval(recordings, parts, store, locks, clock));
    this.recordings = recordings;
    this.store = store;
    this.clock = clock;
    this.idleAge = idleAge;
  }

  public static UploadJanitor create(Vertx vertx, Pool pool, ObjectStore objectStore, Clock clock, Duration idleAge) {
    return new UploadJanitor(vertx, new RecordingRepository(pool), new UploadParts(pool), new MultipartStore(objectStore, vertx), clock, idleAge,
        new Takes(pool, clock));
  }

  /** Sweeps every {@code period}; returns the timer id. */
  public long schedule(Duration period) {
    return vertx.setPeriodic(period.toMillis(), id -> sweep().onFailure(e -> log.warn("upload janitor sweep failed", e)));
  }

  /**
   * One sweep: aborts idle uploads, then finishes take deletions an outage interrupted. The number
   * of uploads aborted (0 when another node holds the lock).
   */
  public Future<Integer> sweep() {
    return vertx.sharedData()
        .getLockWithTimeout(LOCK, 1000)
        .transform(
            ar -> {
              if (ar.failed()) {
                return Future.succeededFuture(0);
              }
              Lock lock = ar.result();
              return abortIdle(0)
                  .compose(n -> deletions.finishInterrupted().map(n))
                  .onComplete(x -> lock.release());
            });
  }

  private Future<Integer> abortIdle(int doneSoFar) {
    long cutoff = clock.millis() - idleAge.toMillis();
    return recordings
        .idleSince(cutoff, BATCH)
        .compose(
            stale -> {
              Future<Integer> chain = Future.succeededFuture(doneSoFar);
              for (Recording r : stale) {
                chain = chain.compose(n -> abortIfIdle(r, cutoff).map(aborted -> aborted ? n + 1 : n));
              }
              return stale.size() == BATCH ? chain.compose(this::abortIdle) : chain;
            });
  }

  /**
   * An upload's age is that of its last stored part (or its last first-time presign): a part that
   * landed since the cutoff makes it active again. The abort holds the recording's lock, as
   * complete and delete do, and checks the row once more inside it.
   */
  private Future<Boolean> abortIfIdle(Recording r, long cutoff) {
    return locks.recording(r.id(), () -> store.listParts(r.objectKey(), r.uploadId())
        .recover(e -> MultipartStore.noSuchUpload(e) ? Future.succeededFuture(List.of()) : Future.failedFuture(e))
        .compose(stored -> {
          long lastStored = stored.stream().mapToLong(StoredPart::lastModified).max().orElse(0);
          if (lastStored >= cutoff) {
            return recordings.touch(r.id(), lastStored).map(false);
          }
          return recordings.idle(r.id(), cutoff).compose(idle -> !idle
              ? Future.succeededFuture(false)
              : store.abort(r.objectKey(), r.uploadId())
                  .compose(v -> recordings.markAborted(r.id(), clock.millis()))
                  .compose(aborted -> parts.forget(r.id()).map(aborted))
                  .onSuccess(aborted -> {
                    if (aborted) {
                      log.info("aborted idle upload recording={} key={}", r.id(), r.objectKey());
                    }
                  }));
        }));
  }
}

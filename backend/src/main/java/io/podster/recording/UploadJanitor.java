package io.podster.recording;

import io.podster.storage.ObjectStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Lock;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
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

  UploadJanitor(Vertx vertx, RecordingRepository recordings, MultipartStore store, Clock clock, Duration idleAge) {
    this.vertx = vertx;
    this.recordings = recordings;
    this.store = store;
    this.clock = clock;
    this.idleAge = idleAge;
  }

  public static UploadJanitor create(Vertx vertx, Pool pool, ObjectStore objectStore, Clock clock, Duration idleAge) {
    return new UploadJanitor(vertx, new RecordingRepository(pool), new MultipartStore(objectStore, vertx.getOrCreateContext()), clock, idleAge);
  }

  /** Sweeps every {@code period}; returns the timer id. */
  public long schedule(Duration period) {
    return vertx.setPeriodic(period.toMillis(), id -> sweep().onFailure(e -> log.warn("upload janitor sweep failed", e)));
  }

  /** One sweep; the number of uploads aborted (0 when another node holds the lock). */
  public Future<Integer> sweep() {
    return vertx.sharedData()
        .getLockWithTimeout(LOCK, 1000)
        .transform(
            ar -> {
              if (ar.failed()) {
                return Future.succeededFuture(0);
              }
              Lock lock = ar.result();
              return abortIdle(0).onComplete(x -> lock.release());
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
                chain = chain.compose(
                    n -> store.abort(r.objectKey(), r.uploadId())
                        .compose(v -> recordings.markAborted(r.id(), clock.millis()))
                        .map(aborted -> {
                          if (aborted) {
                            log.info("aborted idle upload recording={} key={}", r.id(), r.objectKey());
                          }
                          return aborted ? n + 1 : n;
                        }));
              }
              return stale.size() == BATCH ? chain.compose(this::abortIdle) : chain;
            });
  }
}

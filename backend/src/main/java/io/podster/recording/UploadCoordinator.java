package io.podster.recording;

import io.podster.auth.Principal;
import io.podster.auth.RateLimiter;
import io.podster.domain.Conflict;
import io.podster.domain.RateLimited;
import io.podster.metrics.PodsterMetrics;
import io.podster.metrics.RateLimits;
import io.podster.rooms.RoomAccess;
import io.podster.storage.ObjectStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Upload coordination as this node's HTTP API calls it: in-process, because every node has the
 * database and the store. Where two nodes must not act on one recording (or one account's quota,
 * or one take) at once, the work runs under {@link RecordingLocks}, which are cluster-wide; that,
 * not which node answers, is what serialises them. Failures are {@link io.podster.domain.DomainError}s,
 * or the dependency's own exception when the database or store is down (the edge answers 503).
 */
public final class UploadCoordinator {
  /** Presign calls per account per minute: a client asks in batches of up to 50 parts. */
  public static final int PRESIGNS_PER_MINUTE = 120;
  private final UploadService service;
  private final TakeDeletion deletion;
  private final RoomAccess access;
  private final Vertx vertx;
  private final PodsterMetrics metrics;
  private final Settings settings;

  /**
   * @param quotaBytes what each account may keep in the store, complete and in flight
   * @param callTimeout after this a call answers unavailable (it may go on and finish), as a
   *     request waiting for a busy recording's lock should not hang the client for its whole wait
   */
  public record Settings(long quotaBytes, Duration callTimeout) {
    /** The timeout the event-bus hop had: under the lock's own wait, so a stuck lock answers first here. */
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    public static Settings of(long quotaBytes) {
      return new Settings(quotaBytes, CALL_TIMEOUT);
    }
  }

  UploadCoordinator(UploadService service, TakeDeletion deletion, RoomAccess access, Vertx vertx, PodsterMetrics metrics,
      Settings settings) {
    this.service = service;
    this.deletion = deletion;
    this.access = access;
    this.vertx = vertx;
    this.metrics = metrics;
    this.settings = settings;
  }

  public static UploadCoordinator create(Vertx vertx, Pool pool, ObjectStore objectStore, RoomAccess access, Takes takes,
      Clock clock, PodsterMetrics metrics, Settings settings) {
    RecordingRepository recordings = new RecordingRepository(pool);
    UploadParts parts = new UploadParts(pool);
    MultipartStore store = new MultipartStore(objectStore, vertx);
    RecordingLocks locks = new RecordingLocks(vertx);
    UploadService service = new UploadService(recordings, parts, takes, access, store,
        new Quota(recordings, settings.quotaBytes()),
        new RateLimiter(PRESIGNS_PER_MINUTE, Duration.ofMinutes(1), clock), clock, locks);
    TakeDeletion deletion = new TakeDeletion(takes, recordings, locks, new TrackRemoval(recordings, parts, store, locks, clock));
    return new UploadCoordinator(service, deletion, access, vertx, metrics, settings);
  }

  /** {@code {recording, uploadToken}} of a new upload of the caller's track in a running take. */
  public Future<JsonObject> create(Principal p, JsonObject body) {
    return call(() -> service.create(p, body)).onSuccess(reply -> {
      announce(reply);
      metrics.uploadCreated();
    });
  }

  /** {@code {parts: [{partNumber, size, url, expiresAt}]}}: URLs each bound to its part's size. */
  public Future<JsonObject> presign(Principal p, String id, JsonObject body) {
    return call(() -> service.presign(p, id, body))
        .onSuccess(reply -> {
          if (reply.getJsonArray("parts") != null) {
            metrics.presigned(reply.getJsonArray("parts").size());
          }
        })
        .onFailure(e -> {
          if (e instanceof RateLimited) {
            metrics.rateLimited(RateLimits.PRESIGN);
          }
        });
  }

  public Future<JsonObject> listParts(Principal p, String id) {
    return call(() -> service.listParts(p, id));
  }

  public Future<JsonObject> complete(Principal p, String id, JsonObject body) {
    return call(() -> service.complete(p, id, body)).onSuccess(reply -> {
      announce(reply);
      JsonObject recording = reply.getJsonObject("recording");
      if (recording != null) {
        Long size = recording.getLong("size");
        metrics.uploadCompleted(size == null ? 0 : size);
      }
    });
  }

  /** {@code {aborted: true, recording}} when an unfinished upload was aborted, else {@code {}}. */
  public Future<JsonObject> delete(Principal p, String id) {
    return call(() -> service.delete(p, id)).onSuccess(reply -> {
      if (reply.getBoolean("aborted", false)) {
        metrics.uploadAborted();
        announce(reply);
      }
    });
  }

  public Future<JsonObject> list(Principal p, String roomId) {
    return call(() -> service.list(p, roomId));
  }

  /** {@code {url}}: a short-lived presigned GET of a complete recording. */
  public Future<JsonObject> download(Principal p, String id) {
    return call(() -> service.download(p, id));
  }

  /** The host deletes a stopped take and every track of it from the store (see {@link TakeDeletion}). */
  public Future<JsonObject> deleteTake(Principal p, String roomId, String takeId) {
    return call(() -> access.requireMember(p, roomId).compose(member -> deletion.delete(member, takeId)));
  }

  /**
   * The caller an upload token stands for: recording {@code id}'s owner, for that recording's
   * own upload calls (presign, list parts, complete, delete) only, and only while it uploads.
   */
  public Future<Principal> byUploadToken(String id, String token) {
    return call(() -> service.byUploadToken(id, token));
  }

  /**
   * Runs one call: a synchronous throw becomes a failed future, a call past the timeout answers
   * unavailable, and the store losing the upload under a racing call is a conflict, not our fault.
   */
  private <T> Future<T> call(Supplier<Future<T>> work) {
    Future<T> result;
    try {
      result = work.get();
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    return result
        .timeout(settings.callTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .recover(e -> Future.failedFuture(MultipartStore.missing(e)
            ? new Conflict("not_uploading", "The store no longer holds this upload.")
            : e));
  }

  /** Only once the row says so: a host's board calls a track saved on this word alone. */
  private void announce(JsonObject reply) {
    JsonObject recording = reply.getJsonObject("recording");
    if (recording != null) {
      vertx.eventBus().publish(RecordingAddresses.TRACKS, recording);
    }
  }
}

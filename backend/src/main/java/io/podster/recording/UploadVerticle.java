package io.podster.recording;

import io.podster.auth.Principal;
import io.podster.auth.RateLimiter;
import io.podster.http.ApiError;
import io.podster.http.DependencyDown;
import io.podster.rooms.RoomAccess;
import io.podster.storage.ObjectStore;
import io.podster.metrics.PodsterMetrics;
import io.podster.metrics.RateLimits;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@link RecordingAddresses} on this node's event bus, to this node's HTTP API only (every
 * node runs one; the database and the store are shared). Requests are {@code {caller, id?, body?}};
 * failures are replied as the HTTP status (failure code) and the error JSON (message).
 */
public final class UploadVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(UploadVerticle.class);
  /** Presign calls per account per minute: a client asks in batches of up to 50 parts. */
  public static final int PRESIGNS_PER_MINUTE = 120;
  private final Pool pool;
  private final ObjectStore objectStore;
  private final RoomAccess access;
  private final Takes takes;
  private final long quotaBytes;
  private final Clock clock;
  private final PodsterMetrics metrics;
  private UploadService service;

  public UploadVerticle(
      Pool pool, ObjectStore objectStore, RoomAccess access, Takes takes, long quotaBytes, Clock clock, PodsterMetrics metrics) {
    this.metrics = metrics;
    this.pool = pool;
    this.objectStore = objectStore;
    this.access = access;
    this.takes = takes;
    this.quotaBytes = quotaBytes;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    RecordingRepository recordings = new RecordingRepository(pool);
    service =
        new UploadService(
            recordings,
            new UploadParts(pool),
            takes,
            access,
            new MultipartStore(objectStore, context),
            new Quota(recordings, quotaBytes),
            new RateLimiter(PRESIGNS_PER_MINUTE, Duration.ofMinutes(1), clock),
            clock,
            new RecordingLocks(vertx.sharedData()));
    RecordingLocks locks = new RecordingLocks(vertx.sharedData());
    TakeDeletion deletion = new TakeDeletion(takes, recordings, locks,
        new TrackRemoval(recordings, new UploadParts(pool), new MultipartStore(objectStore, context), locks, clock));
    EventBus bus = vertx.eventBus();
    return Future.all(java.util.List.of(
        serve(bus, RecordingAddresses.DELETE_TAKE, (p, m) ->
            access.requireMember(p, m.getString("roomId")).compose(member -> deletion.delete(member, m.getString("takeId")))),
        serve(bus, RecordingAddresses.CREATE, (p, m) -> service.create(p, m.getJsonObject("body"))),
        serveUpload(bus, RecordingAddresses.PRESIGN, (p, m) -> service.presign(p, m.getString("id"), m.getJsonObject("body"))),
        serveUpload(bus, RecordingAddresses.LIST_PARTS, (p, m) -> service.listParts(p, m.getString("id"))),
        serveUpload(bus, RecordingAddresses.COMPLETE, (p, m) -> service.complete(p, m.getString("id"), m.getJsonObject("body"))),
        serveUpload(bus, RecordingAddresses.DELETE, (p, m) -> service.delete(p, m.getString("id"))),
        serve(bus, RecordingAddresses.LIST, (p, m) -> service.list(p, m.getString("roomId"))),
        serve(bus, RecordingAddresses.DOWNLOAD, (p, m) -> service.download(p, m.getString("id")))));
  }

  private Future<Void> serve(EventBus bus, String address, BiFunction<Principal, JsonObject, Future<JsonObject>> op) {
    // Local consumers: a request from the cluster (which names its caller as it likes) never reaches them.
    return bus.<JsonObject>localConsumer(address, msg -> handle(msg, op, false)).completion();
  }

  /** One of the calls of a recording's own upload, which its upload token may also authorise. */
  private Future<Void> serveUpload(EventBus bus, String address, BiFunction<Principal, JsonObject, Future<JsonObject>> op) {
    return bus.<JsonObject>localConsumer(address, msg -> handle(msg, op, true)).completion();
  }

  private void handle(Message<JsonObject> msg, BiFunction<Principal, JsonObject, Future<JsonObject>> op, boolean tokenAllowed) {
    Future<JsonObject> result;
    try {
      JsonObject body = msg.body();
      String token = body.getString("uploadToken");
      Future<Principal> caller = token == null
          ? Future.succeededFuture(UploadClient.principal(body.getJsonObject("caller")))
          : tokenAllowed ? service.byUploadToken(body.getString("id"), token) : Future.failedFuture(UploadTokens.invalid());
      result = caller.compose(p -> op.apply(p, body));
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onSuccess(reply -> count(msg.address(), reply)).onSuccess(msg::reply).onFailure(e -> fail(msg, e));
  }

  private void count(String address, JsonObject reply) {
    if (RecordingAddresses.CREATE.equals(address) || RecordingAddresses.COMPLETE.equals(address)) {
      announce(reply.getJsonObject("recording"));
    }
    if (RecordingAddresses.CREATE.equals(address)) {
      metrics.uploadCreated();
    } else if (RecordingAddresses.PRESIGN.equals(address) && reply.getJsonArray("parts") != null) {
      metrics.presigned(reply.getJsonArray("parts").size());
    } else if (RecordingAddresses.COMPLETE.equals(address) && reply.getJsonObject("recording") != null) {
      Long size = reply.getJsonObject("recording").getLong("size");
      metrics.uploadCompleted(size == null ? 0 : size);
    } else if (RecordingAddresses.DELETE.equals(address) && reply.getBoolean("aborted", false)) {
      metrics.uploadAborted();
    }
  }

  /** Only once the row says so: a host's board calls a track saved on this word alone. */
  private void announce(JsonObject recording) {
    if (recording != null) {
      vertx.eventBus().publish(RecordingAddresses.TRACKS, recording);
    }
  }

  private void fail(Message<JsonObject> msg, Throwable e) {
    ApiError error = e instanceof ApiError api ? api : DependencyDown.is(e) ? ApiError.unavailable() : null;
    if (error != null && error.status() == 429) {
      metrics.rateLimited(RateLimits.PRESIGN);
    }
    if (error == null && MultipartStore.missing(e)) {
      // The store lost the upload or object under a racing call: a conflict, not our fault.
      error = ApiError.conflict("not_uploading", "The store no longer holds this upload.");
    }
    if (error == null) {
      log.error("upload coordination failed address={}", msg.address(), e);
      error = new ApiError(500, "internal", "Something went wrong on our side. Try again.");
    }
    JsonObject payload = error.toJson().getJsonObject("error");
    if (error.retryAfterSeconds() != null) {
      payload.put("retryAfter", error.retryAfterSeconds());
    }
    msg.fail(error.status(), payload.encode());
  }
}

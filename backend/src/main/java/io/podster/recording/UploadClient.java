package io.podster.recording;

import io.podster.auth.Principal;
import io.podster.http.ApiError;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

/**
 * The typed side of the upload coordinator's bus contract: callers pass a {@link Principal} and
 * get back the reply JSON, or the very {@link ApiError} the coordinator failed with. Requests go to
 * this node's coordinator only.
 */
public final class UploadClient {
  /**
   * Local only: every node runs the coordinator, and the caller's identity in the request is
   * believed as it is, so it must never cross the cluster (where another member may answer it).
   */
  private static final DeliveryOptions OPTIONS = new DeliveryOptions().setSendTimeout(30_000).setLocalOnly(true);
  private final EventBus bus;

  public UploadClient(EventBus bus) {
    this.bus = bus;
  }

  public Future<JsonObject> create(Principal p, JsonObject body) {
    return send(RecordingAddresses.CREATE, p, new JsonObject().put("body", body));
  }

  public Future<JsonObject> presign(Principal p, String id, JsonObject body) {
    return send(RecordingAddresses.PRESIGN, p, new JsonObject().put("id", id).put("body", body));
  }

  public Future<JsonObject> listParts(Principal p, String id) {
    return send(RecordingAddresses.LIST_PARTS, p, new JsonObject().put("id", id));
  }

  public Future<JsonObject> complete(Principal p, String id, JsonObject body) {
    return send(RecordingAddresses.COMPLETE, p, new JsonObject().put("id", id).put("body", body));
  }

  public Future<JsonObject> delete(Principal p, String id) {
    return send(RecordingAddresses.DELETE, p, new JsonObject().put("id", id));
  }

  public Future<JsonObject> list(Principal p, String roomId) {
    return send(RecordingAddresses.LIST, p, new JsonObject().put("roomId", roomId));
  }

  public Future<JsonObject> download(Principal p, String id) {
    return send(RecordingAddresses.DOWNLOAD, p, new JsonObject().put("id", id));
  }

  /** The host deletes a stopped take and every track of it from the store (see {@link TakeDeletion}). */
  public Future<JsonObject> deleteTake(Principal p, String roomId, String takeId) {
    return send(RecordingAddresses.DELETE_TAKE, p, new JsonObject().put("roomId", roomId).put("takeId", takeId));
  }

  /**
   * One of a recording's upload calls ({@link RecordingAddresses#PRESIGN}, {@code LIST_PARTS},
   * {@code COMPLETE}, {@code DELETE}) authorised by its upload token instead of a session; the
   * coordinator checks the token against that recording (see {@link UploadTokens}).
   */
  public Future<JsonObject> withUploadToken(String address, String uploadToken, String id, JsonObject body) {
    JsonObject message = new JsonObject().put("id", id).put("uploadToken", uploadToken);
    if (body != null) {
      message.put("body", body);
    }
    return request(address, message);
  }

  private Future<JsonObject> send(String address, Principal p, JsonObject message) {
    message.put("caller", caller(p));
    return request(address, message);
  }

  private Future<JsonObject> request(String address, JsonObject message) {
    return bus.<JsonObject>request(address, message, OPTIONS)
        .map(reply -> reply.body())
        .recover(e -> Future.failedFuture(toApiError(e)));
  }

  static JsonObject caller(Principal p) {
    return new JsonObject()
        .put("userId", p.userId())
        .put("sessionId", p.sessionId())
        .put("role", p.role())
        .put("roomId", p.roomId());
  }

  static Principal principal(JsonObject caller) {
    return new Principal(
        caller.getString("userId"), caller.getString("sessionId"), caller.getString("role"), caller.getString("roomId"));
  }

  private static Throwable toApiError(Throwable e) {
    if (e instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
      try {
        JsonObject error = new JsonObject(reply.getMessage());
        ApiError api = new ApiError(reply.failureCode(), error.getString("code"), error.getString("message"));
        Long retry = error.getLong("retryAfter");
        if (retry == null) {
          return api;
        }
        return reply.failureCode() == 503 ? ApiError.unavailable() : ApiError.tooManyRequests(retry);
      } catch (RuntimeException notJson) {
        return e;
      }
    }
    return ApiError.unavailable();
  }
}

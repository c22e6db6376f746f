package io.podster.recording;

import io.podster.auth.AuthGuard;
import io.podster.http.BodyLimits;
import io.podster.http.JsonBody;
import io.podster.http.Responses;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The recordings endpoints: checks the request's shape here, then hands it to the upload
 * coordinator over the event bus (which may answer from any node).
 */
public final class RecordingsApi {
  private final UploadClient uploads;
  private final AuthGuard guard;

  public RecordingsApi(UploadClient uploads, AuthGuard guard) {
    this.uploads = uploads;
    this.guard = guard;
  }

  public void mount(Router api) {
    api.post("/recordings").handler(guard.required()).handler(ctx -> Responses.json(ctx, 201, create(ctx)));
    api.get("/recordings").handler(guard.required()).handler(ctx -> Responses.json(ctx, 200, list(ctx)));
    api.post("/recordings/:id/parts").handler(byUploadToken(RecordingAddresses.PRESIGN, true)).handler(guard.required())
        .handler(ctx -> Responses.json(ctx, 200, uploads.presign(AuthGuard.principal(ctx), ctx.pathParam("id"), JsonBody.of(ctx).json())));
    api.get("/recordings/:id/parts").handler(byUploadToken(RecordingAddresses.LIST_PARTS, false)).handler(guard.required())
        .handler(ctx -> Responses.json(ctx, 200, uploads.listParts(AuthGuard.principal(ctx), ctx.pathParam("id"))));
    api.post(BodyLimits.COMPLETE_UPLOAD_ROUTE).handler(byUploadToken(RecordingAddresses.COMPLETE, true)).handler(guard.required())
        .handler(ctx -> Responses.json(ctx, 200, uploads.complete(AuthGuard.principal(ctx), ctx.pathParam("id"), JsonBody.of(ctx).json())));
    api.delete("/recordings/:id").handler(byUploadToken(RecordingAddresses.DELETE, false)).handler(guard.required()).handler(this::delete);
    api.get("/recordings/:id/download").handler(guard.required()).handler(this::download);
  }

  /**
   * A request carrying {@link UploadTokens#HEADER} is authorised by that token alone (cookies are
   * ignored, so no CSRF header is needed, as with Bearer); any other goes on to the session guard.
   */
  private Handler<RoutingContext> byUploadToken(String address, boolean hasBody) {
    return ctx -> {
      String token = ctx.request().getHeader(UploadTokens.HEADER);
      if (token == null) {
        ctx.next();
        return;
      }
      Future<JsonObject> result =
          uploads.withUploadToken(address, token, ctx.pathParam("id"), hasBody ? JsonBody.of(ctx).json() : null);
      if (RecordingAddresses.DELETE.equals(address)) {
        result.onSuccess(v -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail);
      } else {
        Responses.json(ctx, 200, result);
      }
    };
  }

  private Future<JsonObject> create(RoutingContext ctx) {
    JsonBody body = JsonBody.of(ctx);
    JsonObject fields =
        new JsonObject()
            .put("roomId", body.string("roomId", 64))
            .put("takeId", body.string("takeId", 64))
            .put("kind", body.string("kind", 16))
            .put("mimeType", body.string("mimeType", 100));
    return uploads.create(AuthGuard.principal(ctx), fields);
  }

  private Future<JsonObject> list(RoutingContext ctx) {
    String roomId = ctx.queryParams().get("roomId");
    if (roomId == null || roomId.isBlank()) {
      throw io.podster.http.ApiError.badRequest("missing_field", "'roomId' is required.");
    }
    return uploads.list(AuthGuard.principal(ctx), roomId);
  }

  private void delete(RoutingContext ctx) {
    uploads.delete(AuthGuard.principal(ctx), ctx.pathParam("id"))
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  /**
   * A 302 to a short-lived presigned GET (the file comes from the store, not through us), or with {@code ?as=json} the URL itself: a page that fetch()es the
   * bytes (the take's ZIP) must call the store directly, because a fetch that follows a
   * cross-origin redirect sends {@code Origin: null}, which the store's CORS rightly refuses.
   */
  private void download(RoutingContext ctx) {
    boolean json = "json".equals(ctx.request().getParam("as"));
    uploads.download(AuthGuard.principal(ctx), ctx.pathParam("id"))
        .onSuccess(r -> {
          ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
          if (json) {
            ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(r.encode());
          } else {
            ctx.response().setStatusCode(302).putHeader(HttpHeaders.LOCATION, r.getString("url")).end();
          }
        })
        .onFailure(ctx::fail);
  }
}

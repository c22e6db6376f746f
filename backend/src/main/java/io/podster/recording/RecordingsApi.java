package io.podster.recording;

import io.podster.auth.AuthGuard;
import io.podster.auth.Principal;
import io.podster.domain.Invalid;
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
 * The recordings endpoints: checks the request's shape here, then calls this node's upload
 * coordinator directly (its cluster-wide locks serialise what must not run at once on two nodes).
 */
public final class RecordingsApi {
  private final UploadCoordinator uploads;
  private final AuthGuard guard;

  public RecordingsApi(UploadCoordinator uploads, AuthGuard guard) {
    this.uploads = uploads;
    this.guard = guard;
  }

  public void mount(Router api) {
    api.post("/recordings").handler(guard.required()).handler(ctx -> Responses.json(ctx, 201, create(ctx)));
    api.get("/recordings").handler(guard.required()).handler(ctx -> Responses.json(ctx, 200, list(ctx)));
    Call presign = (p, id, body) -> uploads.presign(p, id, body);
    Call listParts = (p, id, body) -> uploads.listParts(p, id);
    Call complete = (p, id, body) -> uploads.complete(p, id, body);
    Call delete = (p, id, body) -> uploads.delete(p, id);
    api.post("/recordings/:id/parts").handler(byUploadToken(presign, true, false)).handler(guard.required())
        .handler(bySession(presign, true, false));
    api.get("/recordings/:id/parts").handler(byUploadToken(listParts, false, false)).handler(guard.required())
        .handler(bySession(listParts, false, false));
    api.post(BodyLimits.COMPLETE_UPLOAD_ROUTE).handler(byUploadToken(complete, true, false)).handler(guard.required())
        .handler(bySession(complete, true, false));
    api.delete("/recordings/:id").handler(byUploadToken(delete, false, true)).handler(guard.required())
        .handler(bySession(delete, false, true));
    api.get("/recordings/:id/download").handler(guard.required()).handler(this::download);
  }

  /** One of a recording's own upload calls, made as {@code p}: a session's user or an upload token's owner. */
  private interface Call {
    Future<JsonObject> apply(Principal p, String id, JsonObject body);
  }

  /**
   * A request carrying {@link UploadTokens#HEADER} is authorised by that token alone (cookies are
   * ignored, so no CSRF header is needed, as with Bearer); any other goes on to the session guard.
   * The body is read before the token is checked, as it always was: a malformed one is a 400 either way.
   */
  private Handler<RoutingContext> byUploadToken(Call call, boolean hasBody, boolean noContent) {
    return ctx -> {
      String token = ctx.request().getHeader(UploadTokens.HEADER);
      if (token == null) {
        ctx.next();
        return;
      }
      String id = ctx.pathParam("id");
      JsonObject body = hasBody ? JsonBody.of(ctx).json() : null;
      respond(ctx, noContent, uploads.byUploadToken(id, token).compose(p -> call.apply(p, id, body)));
    };
  }

  /** The same call for the session's user, past the guard. */
  private Handler<RoutingContext> bySession(Call call, boolean hasBody, boolean noContent) {
    return ctx -> {
      JsonObject body = hasBody ? JsonBody.of(ctx).json() : null;
      respond(ctx, noContent, call.apply(AuthGuard.principal(ctx), ctx.pathParam("id"), body));
    };
  }

  private static void respond(RoutingContext ctx, boolean noContent, Future<JsonObject> result) {
    if (noContent) {
      noContent(ctx, result);
    } else {
      Responses.json(ctx, 200, result);
    }
  }

  private static void noContent(RoutingContext ctx, Future<?> result) {
    result.onSuccess(v -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail);
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
      throw new Invalid("missing_field", "'roomId' is required.");
    }
    return uploads.list(AuthGuard.principal(ctx), roomId);
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

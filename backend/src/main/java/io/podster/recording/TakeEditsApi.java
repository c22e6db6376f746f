package io.podster.recording;

import io.podster.auth.AuthGuard;
import io.podster.auth.Principal;
import io.podster.domain.Forbidden;
import io.podster.domain.NotFound;
import io.podster.http.JsonBody;
import io.podster.http.Responses;
import io.podster.rooms.RoomAccess;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The host's changes to a take: rename it, or delete it with every track. A delete goes to the
 * upload coordinator, which owns the store and the recordings' locks.
 */
public final class TakeEditsApi {
  private final Takes takes;
  private final UploadCoordinator uploads;
  private final RoomAccess access;
  private final AuthGuard guard;

  public TakeEditsApi(Takes takes, UploadCoordinator uploads, RoomAccess access, AuthGuard guard) {
    this.takes = takes;
    this.uploads = uploads;
    this.access = access;
    this.guard = guard;
  }

  public void mount(Router api) {
    api.patch("/rooms/:id/takes/:takeId").handler(guard.required()).handler(ctx -> Responses.json(ctx, 200, rename(ctx)));
    api.delete("/rooms/:id/takes/:takeId").handler(guard.required()).handler(this::delete);
  }

  /** {@code {name}}: answers the renamed take; renaming to the same name again answers the same. */
  private Future<JsonObject> rename(RoutingContext ctx) {
    Principal p = AuthGuard.principal(ctx);
    String roomId = ctx.pathParam("id");
    String takeId = ctx.pathParam("takeId");
    String name = TakeNames.read(JsonBody.of(ctx));
    return access
        .requireMember(p, roomId)
        .compose(m -> {
          if (!m.host()) {
            return Future.failedFuture(new Forbidden("not_host", "Only the room's host can rename a take."));
          }
          return takes.rename(roomId, takeId, name);
        })
        .map(t -> new JsonObject().put("take", t.orElseThrow(() -> new NotFound("That take")).toJson()));
  }

  private void delete(RoutingContext ctx) {
    uploads.deleteTake(AuthGuard.principal(ctx), ctx.pathParam("id"), ctx.pathParam("takeId"))
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }
}

package io.podster.http;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Writes a handler's JSON result, or hands its failure to {@link ErrorResponses}. */
public final class Responses {
  private Responses() {}

  public static void json(RoutingContext ctx, int status, Future<JsonObject> result) {
    result
        .onSuccess(
            body ->
                ctx.response()
                    .setStatusCode(status)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                    .end(body.encode()))
        .onFailure(ctx::fail);
  }
}

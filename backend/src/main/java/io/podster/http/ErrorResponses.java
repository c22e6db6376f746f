package io.podster.http;

import io.podster.domain.DomainError;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place failures become responses: the contract's JSON shape, never a stack trace. */
public final class ErrorResponses implements Handler<RoutingContext> {
  private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);

  @Override
  public void handle(RoutingContext ctx) {
    ApiError error = toApiError(ctx);
    if (error.status() == 503) {
      // Expected while a dependency restarts: one line per request, no stack trace.
      log.atWarn()
          .addKeyValue("method", ctx.request().method())
          .addKeyValue("path", ctx.normalizedPath())
          .addKeyValue("cause", String.valueOf(ctx.failure()))
          .log("dependency unavailable");
    } else if (error.status() >= 500) {
      log.atError()
          .addKeyValue("method", ctx.request().method())
          .addKeyValue("path", ctx.normalizedPath())
          .setCause(ctx.failure())
          .log("request failed");
    }
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    if (error.retryAfterSeconds() != null) {
      ctx.response().putHeader("Retry-After", String.valueOf(error.retryAfterSeconds()));
    }
    ctx.response()
        .setStatusCode(error.status())
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(error.toJson().encode());
  }

  static ApiError toApiError(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof ApiError api) {
      return api;
    }
    if (failure instanceof DomainError domain) {
      return DomainErrorStatus.toApiError(domain);
    }
    if (failure != null && DependencyDown.is(failure)) {
      return ApiError.unavailable();
    }
    if (failure instanceof DecodeException || failure instanceof IllegalArgumentException
        && failure.getCause() instanceof DecodeException) {
      return ApiError.badRequest("malformed_json", "The request body is not valid JSON.");
    }
    int status = failure instanceof HttpException http ? http.getStatusCode() : ctx.statusCode();
    return switch (status) {
      case 400 -> ApiError.badRequest("bad_request", "The request is not valid.");
      case 401 -> ApiError.unauthenticated();
      case 403 -> ApiError.forbidden("forbidden", "You are not allowed to do that.");
      case 404 -> ApiError.notFound("That resource");
      case 405 -> new ApiError(405, "method_not_allowed", "That method is not allowed here.");
      case 413 -> new ApiError(413, "too_large", "The request body is too large.");
      case 415 -> new ApiError(415, "unsupported_media_type", "Send JSON (application/json).");
      default -> new ApiError(500, "internal", "Something went wrong on our side. Try again.");
    };
  }
}

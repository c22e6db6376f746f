package io.podster.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses state-changing API requests another site's page could send, signed in or not (the CSRF
 * token covers only signed-in requests; a hostile page could still sign its visitor into the
 * attacker's account). Two checks, before any body is read:
 *
 * <ul>
 *   <li>A browser's {@code Origin} must be the public URL, else 403 {@code bad_origin}. Browsers
 *       send it on every cross-site and same-site POST/PUT/PATCH/DELETE; a request without it comes
 *       from a non-browser client, which cannot ride on a visitor's cookies, and passes.
 *   <li>A body must be {@code application/json}, else 415. A page can send {@code text/plain} or a
 *       form without a CORS preflight, but not JSON. A request without a body (logout, delete)
 *       needs no content type; one that names another type is refused even when empty.
 * </ul>
 */
public final class CrossSiteGuard implements Handler<RoutingContext> {
  private static final Set<HttpMethod> STATE_CHANGING =
      Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);
  private final String origin;

  /** @param origin the public URL without a trailing slash, as browsers send it */
  public CrossSiteGuard(String origin) {
    this.origin = origin;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (!STATE_CHANGING.contains(request.method())) {
      ctx.next();
      return;
    }
    String sent = request.getHeader(HttpHeaders.ORIGIN);
    if (sent != null && !sent.equals(origin)) {
      ctx.fail(ApiError.forbidden("bad_origin", "This request came from a page of another site."));
      return;
    }
    String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
    if (type == null ? hasBody(request) : !isJson(type)) {
      ctx.fail(
          new ApiError(415, "unsupported_media_type", "Send the request body as JSON (Content-Type: application/json)."));
      return;
    }
    ctx.next();
  }

  private static boolean hasBody(HttpServerRequest request) {
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    return request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null
        || (length != null && !length.trim().equals("0"));
  }

  /** {@code application/json}, with or without parameters such as {@code charset}. */
  static boolean isJson(String contentType) {
    int semicolon = contentType.indexOf(';');
    String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
    return mediaType.toLowerCase(Locale.ROOT).equals("application/json");
  }
}

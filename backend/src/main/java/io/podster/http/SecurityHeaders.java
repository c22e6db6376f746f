package io.podster.http;

import io.podster.config.PodsterConfig;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

/** Headers every response carries, so the page cannot be framed, sniffed or script-injected. */
public final class SecurityHeaders implements Handler<RoutingContext> {
  private final String csp;
  private final boolean hsts;

  public SecurityHeaders(PodsterConfig config) {
    String origin = config.http().origin();
    String wsOrigin = origin.replaceFirst("^http", "ws");
    String store = config.storage().effectiveEndpoint();
    // The browser PUTs recording parts straight to the object store, so it must be connectable.
    this.csp =
        String.join(
            "; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "media-src 'self' blob:",
            "connect-src 'self' " + wsOrigin + " " + store,
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'");
    this.hsts = config.http().secure();
  }

  @Override
  public void handle(RoutingContext ctx) {
    MultiMap h = ctx.response().headers();
    h.set("Content-Security-Policy", csp);
    h.set("X-Content-Type-Options", "nosniff");
    h.set("Referrer-Policy", "strict-origin-when-cross-origin");
    h.set("X-Frame-Options", "DENY");
    h.set("Permissions-Policy", "camera=(self), microphone=(self), display-capture=(self)");
    if (hsts) {
      h.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    }
    ctx.next();
  }
}

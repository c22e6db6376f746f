package io.podster.auth;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;

/** The two cookies of a signed-in browser: the HttpOnly session and the page-readable CSRF token. */
public final class SessionCookies {
  public static final String SESSION = "podster_session";
  public static final String CSRF = "podster_csrf";
  private final boolean secure;

  public SessionCookies(boolean secure) {
    this.secure = secure;
  }

  public void set(RoutingContext ctx, String token, String csrf, Duration maxAge) {
    ctx.response().addCookie(cookie(SESSION, token, true, maxAge.toSeconds()));
    ctx.response().addCookie(cookie(CSRF, csrf, false, maxAge.toSeconds()));
  }

  public void clear(RoutingContext ctx) {
    ctx.response().addCookie(cookie(SESSION, "", true, 0));
    ctx.response().addCookie(cookie(CSRF, "", false, 0));
  }

  private Cookie cookie(String name, String value, boolean httpOnly, long maxAge) {
    return Cookie.cookie(name, value)
        .setPath("/")
        .setHttpOnly(httpOnly)
        .setSameSite(CookieSameSite.LAX)
        .setSecure(secure)
        .setMaxAge(maxAge);
  }
}

package io.podster.auth;

import io.podster.domain.Forbidden;
import io.podster.domain.Unauthenticated;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;

/**
 * Decides who a request comes from: a Bearer token or the session cookie, a valid signature, and a
 * live server-side session row. Cookie-authenticated requests that change state must also carry
 * the CSRF header, equal to the CSRF cookie and to the token's own claim.
 */
public final class AuthGuard {
  public static final String CSRF_HEADER = "X-CSRF-Token";
  private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
  private final TokenService tokens;
  private final SessionRepository sessions;
  private final Clock clock;

  public AuthGuard(TokenService tokens, SessionRepository sessions, Clock clock) {
    this.tokens = tokens;
    this.sessions = sessions;
    this.clock = clock;
  }

  /** A route handler that lets only authenticated requests through. */
  public Handler<RoutingContext> required() {
    return ctx ->
        authenticate(ctx)
            .onSuccess(
                p -> {
                  if (p.isEmpty()) {
                    ctx.fail(new Unauthenticated());
                  } else {
                    ctx.put(Principal.CONTEXT_KEY, p.get());
                    ctx.next();
                  }
                })
            .onFailure(ctx::fail);
  }

  /** The caller if signed in; empty when no credentials or they are not valid. */
  public Future<Optional<Principal>> optional(RoutingContext ctx) {
    return authenticate(ctx);
  }

  public static Principal principal(RoutingContext ctx) {
    Principal p = ctx.get(Principal.CONTEXT_KEY);
    if (p == null) {
      throw new Unauthenticated();
    }
    return p;
  }

  private Future<Optional<Principal>> authenticate(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    boolean viaCookie;
    String token;
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      token = header.substring(7).trim();
      viaCookie = false;
    } else {
      Cookie cookie = ctx.request().getCookie(SessionCookies.SESSION);
      token = cookie == null ? null : cookie.getValue();
      viaCookie = true;
    }
    if (token == null || token.isEmpty()) {
      return Future.succeededFuture(Optional.empty());
    }
    return tokens
        .verify(token)
        .compose(
            claims ->
                sessions
                    .findLive(claims.sid(), clock.millis())
                    .map(
                        row -> {
                          if (row.isEmpty() || !row.get().userId().equals(claims.sub())) {
                            return Optional.<Principal>empty();
                          }
                          if (viaCookie && !SAFE.contains(ctx.request().method())) {
                            checkCsrf(ctx, claims.csrf());
                          }
                          return Optional.of(
                              new Principal(
                                  claims.sub(), claims.sid(), claims.role(), row.get().roomId()));
                        }),
            badToken -> Future.succeededFuture(Optional.empty()));
  }

  private static void checkCsrf(RoutingContext ctx, String expected) {
    String header = ctx.request().getHeader(CSRF_HEADER);
    Cookie cookie = ctx.request().getCookie(SessionCookies.CSRF);
    if (header == null
        || cookie == null
        || !constantTimeEquals(header, cookie.getValue())
        || !constantTimeEquals(header, expected)) {
      throw new Forbidden(
          "csrf", "This request is missing its security token. Reload the page and try again.");
    }
  }

  private static boolean constantTimeEquals(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}

package io.podster.auth;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

/** Starts a session: the server-side row, the signed token and the browser's cookies. */
public final class SessionIssuer {
  public static final Duration ACCOUNT_TTL = Duration.ofDays(30);
  public static final Duration GUEST_TTL = Duration.ofDays(1);
  private final SessionRepository sessions;
  private final TokenService tokens;
  private final SessionCookies cookies;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public SessionIssuer(
      SessionRepository sessions, TokenService tokens, SessionCookies cookies, Clock clock) {
    this.sessions = sessions;
    this.tokens = tokens;
    this.cookies = cookies;
    this.clock = clock;
  }

  /** Creates the session; {@code roomId} limits a guest to one room. Returns the token. */
  public Future<String> start(RoutingContext ctx, User user, String roomId) {
    Duration ttl = Principal.ROLE_GUEST.equals(user.role()) ? GUEST_TTL : ACCOUNT_TTL;
    long now = clock.millis();
    String sid = UUID.randomUUID().toString();
    String csrf = randomToken();
    return sessions
        .insert(new SessionRepository.Session(sid, user.id(), roomId, now + ttl.toMillis()), now)
        .map(
            v -> {
              String token =
                  tokens.issue(
                      new TokenService.SessionClaims(user.id(), sid, user.role(), roomId, csrf), ttl);
              cookies.set(ctx, token, csrf, ttl);
              return token;
            });
  }

  private String randomToken() {
    byte[] bytes = new byte[24];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}

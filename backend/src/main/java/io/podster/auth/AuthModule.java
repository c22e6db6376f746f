package io.podster.auth;

import io.podster.config.PodsterConfig;
import io.podster.metrics.PodsterMetrics;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;

/** Builds the auth capability's parts once and hands out the ones other capabilities use. */
public final class AuthModule {
  private final UserRepository users;
  private final AuthGuard guard;
  private final AuthLimits limits;
  private final SessionIssuer issuer;
  private final SessionRevocations revocations;
  private final AuthApi api;

  public AuthModule(Vertx vertx, PodsterConfig config, Pool pool, Clock clock, PodsterMetrics metrics) {
    TokenService tokens = new TokenService(vertx, config.jwtSecret());
    SessionRepository sessions = new SessionRepository(pool);
    SessionCookies cookies = new SessionCookies(config.http().secure());
    this.users = new UserRepository(pool);
    this.guard = new AuthGuard(tokens, sessions, clock);
    this.limits = new AuthLimits(config.limits(), clock, metrics);
    this.issuer = new SessionIssuer(sessions, tokens, cookies, clock);
    this.revocations = new SessionRevocations(vertx.eventBus(), sessions, clock);
    this.api =
        new AuthApi(users, revocations, new PasswordHasher(vertx), issuer, cookies, guard, limits, clock);
  }

  public UserRepository users() {
    return users;
  }

  public AuthGuard guard() {
    return guard;
  }

  public AuthLimits limits() {
    return limits;
  }

  public SessionIssuer issuer() {
    return issuer;
  }

  public SessionRevocations revocations() {
    return revocations;
  }

  public AuthApi api() {
    return api;
  }
}

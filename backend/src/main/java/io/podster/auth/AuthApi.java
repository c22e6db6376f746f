package io.podster.auth;

import io.podster.db.SqlErrors;
import io.podster.domain.Conflict;
import io.podster.domain.DomainError;
import io.podster.domain.Unauthenticated;
import io.podster.http.ClientAddress;
import io.podster.http.JsonBody;
import io.podster.http.Responses;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sign up, log in, log out and "who am I". */
public final class AuthApi {
  private static final Logger log = LoggerFactory.getLogger(AuthApi.class);
  private final UserRepository users;
  private final SessionRevocations revocations;
  private final PasswordHasher hasher;
  private final SessionIssuer issuer;
  private final SessionCookies cookies;
  private final AuthGuard guard;
  private final AuthLimits limits;
  private final Clock clock;

  public AuthApi(
      UserRepository users,
      SessionRevocations revocations,
      PasswordHasher hasher,
      SessionIssuer issuer,
      SessionCookies cookies,
      AuthGuard guard,
      AuthLimits limits,
      Clock clock) {
    this.users = users;
    this.revocations = revocations;
    this.hasher = hasher;
    this.issuer = issuer;
    this.cookies = cookies;
    this.guard = guard;
    this.limits = limits;
    this.clock = clock;
  }

  public void mount(Router api) {
    api.post("/auth/signup").handler(ctx -> Responses.json(ctx, 201, signup(ctx)));
    api.post("/auth/login").handler(ctx -> Responses.json(ctx, 200, login(ctx)));
    api.post("/auth/logout").handler(guard.required()).handler(this::logout);
    api.get("/me")
        .handler(guard.required())
        .handler(ctx -> Responses.json(ctx, 200, me(ctx)));
  }

  private Future<JsonObject> signup(RoutingContext ctx) {
    String address = ClientAddress.of(ctx);
    limits.checkSignup(address);
    JsonBody body = JsonBody.of(ctx);
    String email = AccountRules.email(body);
    String password = AccountRules.password(body);
    String displayName = AccountRules.displayName(body);
    limits.recordSignup(address);
    User user = new User(UUID.randomUUID().toString(), email, displayName, Principal.ROLE_USER);
    return users
        .findByEmail(email)
        .compose(
            existing -> {
              if (existing.isPresent()) {
                throw emailTaken();
              }
              return hasher.hash(password);
            })
        .compose(hash -> users.insert(user, hash, clock.millis()))
        .recover(e -> Future.failedFuture(e instanceof DomainError ? e : uniqueViolation(e)))
        .compose(v -> issuer.start(ctx, user, null))
        .map(
            token -> {
              log.atInfo().addKeyValue("user", user.id()).log("signup");
              return new JsonObject().put("user", user.toJson());
            });
  }

  private Future<JsonObject> login(RoutingContext ctx) {
    JsonBody body = JsonBody.of(ctx);
    String email = AccountRules.email(body);
    String password = body.rawString("password", AccountRules.PASSWORD_MAX);
    String address = ClientAddress.of(ctx);
    limits.checkLogin(email, address);
    return users
        .findByEmail(email)
        .compose(
            stored ->
                hasher
                    .verify(password, stored.map(UserRepository.Stored::passwordHash).orElse(null))
                    .map(
                        ok -> {
                          if (!ok) {
                            limits.recordLoginFailure(email, address);
                            log.atInfo().addKeyValue("address", address).log("login failed");
                            throw new Unauthenticated("bad_credentials", "That email and password do not match.");
                          }
                          limits.recordLoginSuccess(email, address);
                          return stored.get().user();
                        }))
        .compose(user -> issuer.start(ctx, user, null).map(token -> user))
        .map(user -> new JsonObject().put("user", user.toJson()));
  }

  private void logout(RoutingContext ctx) {
    Principal p = AuthGuard.principal(ctx);
    // Revoked cluster-wide before answering, so the session's sockets are closing by then.
    revocations
        .revoke(p.sessionId())
        .onSuccess(
            v -> {
              cookies.clear(ctx);
              ctx.response().setStatusCode(204).end();
            })
        .onFailure(ctx::fail);
  }

  private Future<JsonObject> me(RoutingContext ctx) {
    Principal p = AuthGuard.principal(ctx);
    return users
        .findById(p.userId())
        .map(
            u ->
                new JsonObject()
                    .put("user", u.orElseThrow(Unauthenticated::new).toJson()));
  }

  private static Conflict emailTaken() {
    return new Conflict("email_taken", "An account with that email already exists. Log in instead.");
  }

  /** Two sign-ups racing for one email: the database's unique index decides. */
  private static Throwable uniqueViolation(Throwable e) {
    return SqlErrors.isUniqueViolation(e) ? emailTaken() : e;
  }
}

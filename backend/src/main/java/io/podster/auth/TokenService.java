package io.podster.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.time.Duration;

/** Signs and checks session JWTs (HS256). A valid signature alone is not enough: see AuthGuard. */
public final class TokenService {
  private static final String ALGORITHM = "HS256";
  private final JWTAuth jwt;

  public TokenService(Vertx vertx, String secret) {
    this.jwt =
        JWTAuth.create(
            vertx,
            new JWTAuthOptions()
                .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setBuffer(secret))
                .setJWTOptions(new JWTOptions().setAlgorithm(ALGORITHM).setLeeway(0)));
  }

  public String issue(SessionClaims claims, Duration ttl) {
    return jwt.generateToken(
        claims.toJson(),
        new JWTOptions().setAlgorithm(ALGORITHM).setExpiresInSeconds((int) ttl.toSeconds()));
  }

  /** The token's claims, or a failed future for a bad signature, algorithm or expiry. */
  public Future<SessionClaims> verify(String token) {
    return jwt.authenticate(new TokenCredentials(token))
        .map(user -> SessionClaims.fromJson(user.principal()));
  }

  /** Claims Podster puts in a session token. */
  public record SessionClaims(String sub, String sid, String role, String room, String csrf) {
    JsonObject toJson() {
      JsonObject json =
          new JsonObject().put("sub", sub).put("sid", sid).put("role", role).put("csrf", csrf);
      if (room != null) {
        json.put("room", room);
      }
      return json;
    }

    static SessionClaims fromJson(JsonObject json) {
      SessionClaims c =
          new SessionClaims(
              json.getString("sub"),
              json.getString("sid"),
              json.getString("role"),
              json.getString("room"),
              json.getString("csrf"));
      if (c.sub == null || c.sid == null || c.role == null || c.csrf == null) {
        throw new IllegalArgumentException("token lacks Podster claims");
      }
      return c;
    }
  }
}

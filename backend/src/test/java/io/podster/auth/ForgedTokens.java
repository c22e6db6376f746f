package io.podster.auth;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Tokens an attacker might try, built from a real token's claims. */
final class ForgedTokens {
  private final Vertx vertx;
  private final JsonObject claims;

  ForgedTokens(Vertx vertx, String realToken) {
    this.vertx = vertx;
    this.claims = new JsonObject(new String(Base64.getUrlDecoder().decode(realToken.split("\\.")[1]), StandardCharsets.UTF_8));
  }

  String algNone() {
    Base64.Encoder enc = Base64.getUrlEncoder().withoutPadding();
    return enc.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
        + "." + enc.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8)) + ".";
  }

  String signedWith(String secret) {
    return sign(secret, claims.copy(), 3600);
  }

  String expired(String secret) {
    long now = System.currentTimeMillis() / 1000;
    JsonObject c = claims.copy().put("iat", now - 7200).put("exp", now - 3600);
    return sign(secret, c, 0);
  }

  String withSession(String secret, String sid, String sub) {
    return sign(secret, claims.copy().put("sid", sid).put("sub", sub), 3600);
  }

  private String sign(String secret, JsonObject c, int ttl) {
    c.remove("exp");
    if (ttl == 0) {
      long now = System.currentTimeMillis() / 1000;
      c.put("iat", now - 7200).put("exp", now - 3600);
    }
    JWTAuth auth = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret)));
    JWTOptions options = new JWTOptions().setAlgorithm("HS256").setNoTimestamp(ttl == 0);
    if (ttl > 0) {
      options.setExpiresInSeconds(ttl);
    }
    return auth.generateToken(c, options);
  }
}

package io.podster.signaling;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * TURN REST credentials as coturn checks them with {@code use-auth-secret}: the username is
 * {@code <expiry unix seconds>:<user id>}, the password base64(HMAC-SHA1(secret, username)).
 * coturn refuses the pair once the expiry has passed.
 */
public record TurnCredentials(String username, String credential) {
  public static TurnCredentials issue(String secret, String userId, Instant now, Duration ttl) {
    String username = now.plus(ttl).getEpochSecond() + ":" + userId;
    return new TurnCredentials(username, hmac(secret, username));
  }

  static String hmac(String secret, String username) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 is part of every JRE", e);
    }
  }
}

package io.podster.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;

/**
 * bcrypt on a worker thread: it is deliberately slow, so it must never run on an event loop.
 * Passwords over bcrypt's 72-byte limit are pre-hashed rather than silently truncated.
 */
public final class PasswordHasher {
  private static final int COST = 10;
  private final Vertx vertx;
  private final BCrypt.Hasher hasher =
      BCrypt.with(BCrypt.Version.VERSION_2B, LongPasswordStrategies.hashSha512(BCrypt.Version.VERSION_2B));
  private final BCrypt.Verifyer verifier =
      BCrypt.verifyer(BCrypt.Version.VERSION_2B, LongPasswordStrategies.hashSha512(BCrypt.Version.VERSION_2B));
  // Compared against when the account does not exist, so timing does not reveal which emails exist.
  private final String decoy;

  public PasswordHasher(Vertx vertx) {
    this.vertx = vertx;
    this.decoy = hasher.hashToString(COST, "decoy-password".toCharArray());
  }

  public Future<String> hash(String password) {
    return vertx.executeBlocking(() -> hasher.hashToString(COST, password.toCharArray()), false);
  }

  public Future<Boolean> verify(String password, String hash) {
    String against = hash == null ? decoy : hash;
    return vertx.executeBlocking(
        () ->
            verifier.verify(
                    password.getBytes(StandardCharsets.UTF_8),
                    against.getBytes(StandardCharsets.UTF_8))
                .verified
            && hash != null,
        false);
  }
}

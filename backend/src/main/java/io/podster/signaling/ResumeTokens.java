package io.podster.signaling;

import io.podster.cluster.SharedMap;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * A peer whose socket went away without {@code leave} may come back on any node and keep its peer
 * id. Its token is stored cluster-wide from the moment it joins (so a client that reconnects
 * before the server has noticed the old socket died can still resume), and used once.
 */
final class ResumeTokens {
  /** How long a connected peer's token lives at most; a detached one lives only the grace period. */
  private static final long CONNECTED_TTL_MS = 24L * 60 * 60 * 1000;
  private final SecureRandom random = new SecureRandom();
  private final SharedMap<String, JsonObject> tokens;

  ResumeTokens(Vertx vertx) {
    this.tokens = new SharedMap<>(vertx, Addresses.RESUME_MAP);
  }

  String newToken() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** Makes {@code token} resume {@code peerId} for that user in that room. */
  Future<Void> register(String token, Peer p) {
    return put(token, p, CONNECTED_TTL_MS);
  }

  /** The socket is gone: the token now only lasts the grace period. */
  Future<Void> keepFor(String token, Peer p, long graceMs) {
    return put(token, p, graceMs);
  }

  Future<Void> forget(String token) {
    return tokens.map().compose(m -> m.remove(token)).mapEmpty();
  }

  private Future<Void> put(String token, Peer p, long ttl) {
    JsonObject v = new JsonObject().put("peerId", p.peerId()).put("userId", p.userId()).put("roomId", p.roomId());
    return tokens.map().compose(m -> m.put(token, v, ttl));
  }

  /** The peer id to resume, once; empty when unknown, expired, or for another user or room. */
  Future<Optional<String>> take(String token, String userId, String roomId) {
    return tokens.map().compose(m -> m.remove(token))
        .map(
            v ->
                v != null && userId.equals(v.getString("userId")) && roomId.equals(v.getString("roomId"))
                    ? Optional.of(v.getString("peerId"))
                    : Optional.empty());
  }
}

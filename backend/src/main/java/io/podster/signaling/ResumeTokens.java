package io.podster.signaling;

import io.podster.cluster.ClusterSecret;
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
 *
 * <p>Any member of the cluster can read and write the shared map, so it holds no token: an entry
 * is keyed by the token's proof under the cluster secret and carries a proof binding the token to
 * its peer, user and room. A reader learns no token; a writer can neither make a token of its own
 * resume a peer nor point someone's token at another peer.
 */
final class ResumeTokens {
  /** How long a connected peer's token lives at most; a detached one lives only the grace period. */
  private static final long CONNECTED_TTL_MS = 24L * 60 * 60 * 1000;
  private static final String KEY = "resume token";
  private static final String ENTRY = "resume entry";
  private final SecureRandom random = new SecureRandom();
  private final SharedMap<String, JsonObject> tokens;
  private final ClusterSecret secret;

  ResumeTokens(Vertx vertx, ClusterSecret secret) {
    this.tokens = new SharedMap<>(vertx, Addresses.RESUME_MAP);
    this.secret = secret;
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
    return tokens.map().compose(m -> m.remove(key(token))).mapEmpty();
  }

  private Future<Void> put(String token, Peer p, long ttl) {
    JsonObject v =
        new JsonObject()
            .put("peerId", p.peerId())
            .put("userId", p.userId())
            .put("roomId", p.roomId())
            .put("proof", secret.prove(ENTRY, token, p.peerId(), p.userId(), p.roomId()));
    return tokens.map().compose(m -> m.put(key(token), v, ttl));
  }

  private String key(String token) {
    return secret.prove(KEY, token);
  }

  /** The peer id to resume, once; empty when unknown, expired, or for another user or room. */
  Future<Optional<String>> take(String token, String userId, String roomId) {
    return tokens.map().compose(m -> m.remove(key(token)))
        .map(
            v ->
                v != null
                        && userId.equals(v.getString("userId"))
                        && roomId.equals(v.getString("roomId"))
                        && secret.verify(v.getString("proof"), ENTRY, token, v.getString("peerId"), userId, roomId)
                    ? Optional.of(v.getString("peerId"))
                    : Optional.empty());
  }
}

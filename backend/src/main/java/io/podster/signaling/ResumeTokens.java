package io.podster.signaling;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * A peer whose socket closed without {@code leave} may come back within the grace period, on any
 * node, and keep its peer id: its token is kept cluster-wide for that long, and used once.
 */
final class ResumeTokens {
  static final long GRACE_MS = 30_000;
  private final SecureRandom random = new SecureRandom();
  private final Future<AsyncMap<String, JsonObject>> map;

  ResumeTokens(Vertx vertx) {
    this.map = vertx.sharedData().getAsyncMap(Addresses.RESUME_MAP);
  }

  String newToken() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** Keeps {@code token} for the grace period: it then resumes {@code peerId} for that user in that room. */
  Future<Void> keep(String token, String peerId, String userId, String roomId) {
    JsonObject v = new JsonObject().put("peerId", peerId).put("userId", userId).put("roomId", roomId);
    return map.compose(m -> m.put(token, v, GRACE_MS));
  }

  /** The peer id to resume, once; empty when unknown, expired, or for another user or room. */
  Future<Optional<String>> take(String token, String userId, String roomId) {
    return map.compose(m -> m.remove(token))
        .map(
            v ->
                v != null && userId.equals(v.getString("userId")) && roomId.equals(v.getString("roomId"))
                    ? Optional.of(v.getString("peerId"))
                    : Optional.empty());
  }
}

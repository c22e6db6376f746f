package io.podster.signaling;

import io.podster.config.PodsterConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;

/**
 * The {@code iceServers} handed to a peer in {@code joined}: STUN URLs as configured, and TURN
 * with time-limited REST credentials (coturn {@code use-auth-secret}) when a TURN secret is set.
 */
final class IceServers {
  private final PodsterConfig.Ice ice;
  private final Clock clock;

  IceServers(PodsterConfig.Ice ice, Clock clock) {
    this.ice = ice;
    this.clock = clock;
  }

  JsonArray forUser(String userId) {
    JsonArray out = new JsonArray();
    if (!ice.stunUrls().isEmpty()) {
      out.add(new JsonObject().put("urls", new JsonArray(ice.stunUrls())));
    }
    JsonObject turn = turnFor(userId);
    if (turn != null) {
      out.add(turn);
    }
    return out;
  }

  /** The TURN entry for this user, valid for the configured TTL; null when TURN is not configured. */
  private JsonObject turnFor(String userId) {
    if (ice.turnUrls().isEmpty() || ice.turnSecret() == null) {
      return null;
    }
    TurnCredentials c = TurnCredentials.issue(ice.turnSecret(), userId, clock.instant(), ice.turnTtl());
    return new JsonObject()
        .put("urls", new JsonArray(ice.turnUrls()))
        .put("username", c.username())
        .put("credential", c.credential());
  }
}

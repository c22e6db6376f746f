package io.podster.signaling;

import io.podster.config.PodsterConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The {@code iceServers} handed to a peer in {@code joined}: STUN URLs as configured. TURN with
 * time-limited REST credentials (coturn {@code use-auth-secret}) is a later issue and goes in
 * {@link #turnFor(String)}.
 */
final class IceServers {
  private final PodsterConfig.Ice ice;

  IceServers(PodsterConfig.Ice ice) {
    this.ice = ice;
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

  /** The TURN entry for this user, or null while TURN credentials are not implemented. */
  private JsonObject turnFor(String userId) {
    return null;
  }
}

package io.podster.signaling;

import io.podster.auth.SessionRevocations;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Closes this node's sockets that may no longer act: those of a member kicked from a room, and
 * those opened with a session that ended (logout, a guest's kick). Both notices are published to
 * every node, so a user's second tab on another node closes too. The peer of a closed socket is
 * announced gone at once: there is nobody left to resume it.
 */
final class Evictions {
  /** Close code for a socket whose session ended (4000-4999: application-defined). */
  static final short SESSION_ENDED = 4002;
  /** Close code after {@code kicked}. */
  static final short KICKED = 1000;
  private final Supplier<Collection<SocketSession>> sockets;
  private final Departures departures;

  Evictions(Supplier<Collection<SocketSession>> sockets, Departures departures) {
    this.sockets = sockets;
    this.departures = departures;
  }

  static JsonObject kickNotice(String roomId, String userId) {
    return new JsonObject().put("roomId", roomId).put("userId", userId);
  }

  /**
   * A kick: the user's sockets in the room, joined or joining, hear {@code kicked} and close. A
   * guest's other sockets go with its session (see {@link #sessionRevoked}).
   */
  void kicked(JsonObject notice) {
    String roomId = notice.getString("roomId");
    String userId = notice.getString("userId");
    evict(
        c ->
            c.principal().userId().equals(userId) && roomId.equals(c.roomOrJoining()),
        true);
  }

  /** A guest removed from the room hears {@code kicked} on each of its sockets, as a kick's own notice would say. */
  void sessionRevoked(SessionRevocations.Revoked revoked) {
    evict(c -> revoked.matches(c.principal()), SessionRevocations.REMOVED.equals(revoked.reason()));
  }

  private void evict(Predicate<SocketSession> match, boolean kicked) {
    for (SocketSession c : new ArrayList<>(sockets.get())) {
      if (c.evicted() || !match.test(c)) {
        continue;
      }
      if (kicked) {
        c.send(ServerMessages.kicked());
      }
      c.markEvicted();
      departures
          .depart(c, false)
          .onComplete(x -> c.close(kicked ? KICKED : SESSION_ENDED, kicked ? "kicked" : "session ended"));
    }
  }
}

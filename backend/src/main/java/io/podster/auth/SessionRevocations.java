package io.podster.auth;

import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Ends sessions server-side and tells every node at once (a cluster-wide publish), so sockets
 * opened with an ended session close wherever they are: the session row alone is only read when
 * a request or upgrade arrives, and a socket outlives both.
 */
public final class SessionRevocations {
  /** Published to every node: {@link Revoked} as JSON. */
  public static final String ADDRESS = "podster.sessions.revoked";
  private final EventBus bus;
  private final SessionRepository sessions;
  private final Clock clock;

  public SessionRevocations(EventBus bus, SessionRepository sessions, Clock clock) {
    this.bus = bus;
    this.sessions = sessions;
    this.clock = clock;
  }

  /** The session's holder signed out. */
  public static final String LOGOUT = "logout";
  /** The host removed the guest from the room. */
  public static final String REMOVED = "removed";

  /**
   * One session ({@code sessionId}), or every session a guest holds for one room ({@code userId},
   * {@code roomId}); {@code reason} says why, so a socket can tell its client.
   */
  public record Revoked(String sessionId, String userId, String roomId, String reason) {
    public boolean matches(Principal p) {
      return sessionId != null
          ? sessionId.equals(p.sessionId())
          : Objects.equals(userId, p.userId()) && Objects.equals(roomId, p.roomId());
    }

    JsonObject toJson() {
      return new JsonObject()
          .put("sessionId", sessionId)
          .put("userId", userId)
          .put("roomId", roomId)
          .put("reason", reason);
    }

    static Revoked fromJson(JsonObject json) {
      return new Revoked(
          json.getString("sessionId"), json.getString("userId"), json.getString("roomId"), json.getString("reason"));
    }
  }

  /** Logout: that session's token stops working and its sockets close. */
  public Future<Void> revoke(String sessionId) {
    return sessions.delete(sessionId).onSuccess(v -> publish(new Revoked(sessionId, null, null, LOGOUT)));
  }

  /**
   * A guest removed from a room: every session limited to that room ends (a guest has no other
   * use for one). An account's session is not limited to a room and is left alone.
   */
  public Future<Void> revokeGuest(String userId, String roomId) {
    return sessions.deleteForRoom(userId, roomId).onSuccess(v -> publish(new Revoked(null, userId, roomId, REMOVED)));
  }

  /** Whether the caller's session still exists: for sockets, whose session was checked once, at the upgrade. */
  public Future<Boolean> live(Principal p) {
    return sessions
        .findLive(p.sessionId(), clock.millis())
        .map(row -> row.isPresent() && row.get().userId().equals(p.userId()));
  }

  /** Calls {@code handler} on the registering context for every revocation, from any node. */
  public MessageConsumer<JsonObject> onRevoked(Consumer<Revoked> handler) {
    return bus.<JsonObject>consumer(ADDRESS, m -> handler.accept(Revoked.fromJson(m.body())));
  }

  private void publish(Revoked r) {
    bus.publish(ADDRESS, r.toJson());
  }
}

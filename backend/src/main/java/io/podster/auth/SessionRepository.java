package io.podster.auth;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;

/**
 * Server-side session rows. A token is only honoured while its row exists, which is what makes
 * logout and revocation take effect at once.
 */
public final class SessionRepository {
  private final Pool pool;

  public SessionRepository(Pool pool) {
    this.pool = pool;
  }

  /** A live session row. */
  public record Session(String id, String userId, String roomId, long expiresAt) {}

  public Future<Void> insert(Session s, long now) {
    return pool.preparedQuery(
            "INSERT INTO sessions (id, user_id, room_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)")
        .execute(Tuple.of(s.id(), s.userId(), s.roomId(), now, s.expiresAt()))
        .mapEmpty();
  }

  public Future<Optional<Session>> findLive(String id, long now) {
    return pool.preparedQuery(
            "SELECT id, user_id, room_id, expires_at FROM sessions WHERE id = ? AND expires_at > ?")
        .execute(Tuple.of(id, now))
        .map(
            rows -> {
              if (!rows.iterator().hasNext()) {
                return Optional.empty();
              }
              Row r = rows.iterator().next();
              return Optional.of(
                  new Session(
                      r.getString("id"),
                      r.getString("user_id"),
                      r.getString("room_id"),
                      r.getLong("expires_at")));
            });
  }

  public Future<Void> delete(String id) {
    return pool.preparedQuery("DELETE FROM sessions WHERE id = ?").execute(Tuple.of(id)).mapEmpty();
  }

  /** Every session of that user limited to that room (a guest's); an account's sessions have no room. */
  public Future<Void> deleteForRoom(String userId, String roomId) {
    return pool.preparedQuery("DELETE FROM sessions WHERE user_id = ? AND room_id = ?")
        .execute(Tuple.of(userId, roomId))
        .mapEmpty();
  }

  /** Expired rows are useless; dropping them keeps the table small. */
  public Future<Integer> deleteExpired(long now) {
    return pool.preparedQuery("DELETE FROM sessions WHERE expires_at <= ?")
        .execute(Tuple.of(now))
        .map(rows -> rows.rowCount());
  }
}

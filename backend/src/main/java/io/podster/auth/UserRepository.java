package io.podster.auth;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;

/** Users table. */
public final class UserRepository {
  private static final String COLUMNS = "id, email, display_name, role, password_hash";
  private final Pool pool;

  public UserRepository(Pool pool) {
    this.pool = pool;
  }

  /** A user with the hash needed to check a password. */
  public record Stored(User user, String passwordHash) {}

  public Future<Void> insert(User user, String passwordHash, long now) {
    return pool.preparedQuery(
            "INSERT INTO users (id, email, password_hash, display_name, role, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?)")
        .execute(
            Tuple.of(user.id(), user.email(), passwordHash, user.displayName(), user.role(), now))
        .mapEmpty();
  }

  public Future<Optional<Stored>> findByEmail(String email) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM users WHERE email = ?")
        .execute(Tuple.of(email))
        .map(UserRepository::first);
  }

  public Future<Optional<User>> findById(String id) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM users WHERE id = ?")
        .execute(Tuple.of(id))
        .map(rows -> first(rows).map(Stored::user));
  }

  private static Optional<Stored> first(RowSet<Row> rows) {
    if (!rows.iterator().hasNext()) {
      return Optional.empty();
    }
    Row r = rows.iterator().next();
    return Optional.of(
        new Stored(
            new User(
                r.getString("id"),
                r.getString("email"),
                r.getString("display_name"),
                r.getString("role")),
            r.getString("password_hash")));
  }
}

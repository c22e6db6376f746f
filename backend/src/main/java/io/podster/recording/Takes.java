package io.podster.recording;

import io.podster.db.SqlErrors;
import io.podster.domain.Conflict;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Starting and stopping takes, with the server's clock as the one time base. Used by the REST API
 * and by the signaling socket's record-start/record-stop alike. Callers check that the user is
 * the room's host.
 */
public final class Takes {
  private static final String COLUMNS = "id, room_id, created_by, started_at, stopped_at, name, deleted_at";
  private final Pool pool;
  private final Clock clock;

  public Takes(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  /**
   * Starts a take; fails with 409 {@code already_recording} while another one runs. The unique
   * index on {@code running_room} decides between concurrent starts, on every node alike.
   */
  public Future<Take> start(String roomId, String userId) {
    Take take = new Take(UUID.randomUUID().toString(), roomId, userId, clock.millis(), null);
    return pool.preparedQuery(
            "INSERT INTO takes (id, room_id, created_by, started_at, running_room) VALUES (?, ?, ?, ?, ?)")
        .execute(Tuple.of(take.id(), roomId, userId, take.startedAt(), roomId))
        .map(take)
        .recover(e -> Future.failedFuture(SqlErrors.isUniqueViolation(e)
            ? new Conflict("already_recording", "This room is already recording. Stop it first.")
            : e));
  }

  /** Stops the room's running take; fails with 409 {@code not_recording} when none runs. */
  public Future<Take> stop(String roomId) {
    long now = clock.millis();
    return running(roomId)
        .compose(
            current -> {
              if (current.isEmpty()) {
                return Future.failedFuture(new Conflict("not_recording", "This room is not recording."));
              }
              Take t = current.get();
              return pool.preparedQuery("UPDATE takes SET stopped_at = ?, running_room = NULL WHERE id = ? AND stopped_at IS NULL")
                  .execute(Tuple.of(now, t.id()))
                  .map(new Take(t.id(), t.roomId(), t.createdBy(), t.startedAt(), now));
            });
  }

  /**
   * Names a take of the room; empty when there is no such take (or it was deleted). Any take may
   * be renamed, even while it runs.
   */
  public Future<Optional<Take>> rename(String roomId, String takeId, String name) {
    return pool.preparedQuery("UPDATE takes SET name = ? WHERE id = ? AND room_id = ? AND deleted_at IS NULL")
        .execute(Tuple.of(name, takeId, roomId))
        .compose(rows -> rows.rowCount() == 0 ? Future.succeededFuture(Optional.<Take>empty()) : find(takeId));
  }

  /**
   * Marks a stopped take deleted (a take being recorded cannot be: its recorders are writing to
   * it). True when the take is now marked, by this call or an earlier one; false while it runs.
   */
  Future<Boolean> markDeleted(String takeId) {
    return pool.preparedQuery(
            "UPDATE takes SET deleted_at = ? WHERE id = ? AND stopped_at IS NOT NULL AND deleted_at IS NULL")
        .execute(Tuple.of(clock.millis(), takeId))
        .compose(rows -> rows.rowCount() == 1
            ? Future.succeededFuture(true)
            : find(takeId).map(t -> t.isPresent() && t.get().deleted()));
  }

  /** Deleted takes, oldest deletion first, for the janitor to finish any deletion the store interrupted. */
  Future<List<Take>> deleted(int limit) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM takes t WHERE deleted_at IS NOT NULL AND EXISTS"
            + " (SELECT 1 FROM recordings r WHERE r.take_id = t.id AND r.state <> 'aborted') ORDER BY deleted_at LIMIT " + limit)
        .execute()
        .map(Takes::list);
  }

  public Future<Optional<Take>> running(String roomId) {
    return pool.preparedQuery(
            "SELECT " + COLUMNS + " FROM takes WHERE room_id = ? AND stopped_at IS NULL ORDER BY started_at DESC")
        .execute(Tuple.of(roomId))
        .map(rows -> list(rows).stream().findFirst());
  }

  public Future<Optional<Take>> find(String takeId) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM takes WHERE id = ?")
        .execute(Tuple.of(takeId))
        .map(rows -> list(rows).stream().findFirst());
  }

  /** The room's takes, newest first, leaving out deleted ones. */
  public Future<List<Take>> list(String roomId) {
    return listAll(roomId).map(all -> all.stream().filter(t -> !t.deleted()).toList());
  }

  /** The room's takes, newest first, deleted ones too (the dashboard shows a deletion still unfinished). */
  public Future<List<Take>> listAll(String roomId) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM takes WHERE room_id = ? ORDER BY started_at DESC, id")
        .execute(Tuple.of(roomId))
        .map(Takes::list);
  }

  private static List<Take> list(RowSet<Row> rows) {
    List<Take> out = new ArrayList<>();
    for (Row r : rows) {
      out.add(
          new Take(
              r.getString("id"),
              r.getString("room_id"),
              r.getString("created_by"),
              r.getLong("started_at"),
              r.getLong("stopped_at"),
              r.getString("name"),
              r.getLong("deleted_at")));
    }
    return out;
  }
}

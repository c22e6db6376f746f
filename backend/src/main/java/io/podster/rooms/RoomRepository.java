package io.podster.rooms;

import io.podster.db.SqlErrors;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Rooms and who belongs to them. */
public final class RoomRepository {
  public static final String ROLE_HOST = "host";
  public static final String ROLE_GUEST = "guest";
  private static final String COLUMNS = "r.id, r.name, r.owner_id, r.invite_code, r.created_at, r.video_quality";
  private final Pool pool;

  public RoomRepository(Pool pool) {
    this.pool = pool;
  }

  /** Creates the room and makes its owner its host, atomically. */
  public Future<Void> create(Room room) {
    return pool.withTransaction(
        conn ->
            conn.preparedQuery(
                    "INSERT INTO rooms (id, name, owner_id, invite_code, created_at, video_quality) VALUES (?, ?, ?, ?, ?, ?)")
                .execute(
                    Tuple.of(room.id(), room.name(), room.ownerId(), room.inviteCode(), room.createdAt(), room.videoQuality()))
                .compose(
                    v ->
                        conn.preparedQuery(
                                "INSERT INTO room_members (room_id, user_id, role, joined_at, kicked)"
                                    + " VALUES (?, ?, ?, ?, FALSE)")
                            .execute(Tuple.of(room.id(), room.ownerId(), ROLE_HOST, room.createdAt())))
                .mapEmpty());
  }

  public Future<Optional<Room>> findById(String id) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM rooms r WHERE r.id = ?")
        .execute(Tuple.of(id))
        .map(rows -> list(rows).stream().findFirst());
  }

  public Future<Optional<Room>> findByInviteCode(String code) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM rooms r WHERE r.invite_code = ?")
        .execute(Tuple.of(code))
        .map(rows -> list(rows).stream().findFirst());
  }

  /** Rooms the user owns or has joined (and was not kicked from), newest first. */
  public Future<List<Room>> listForUser(String userId) {
    return pool.preparedQuery(
            "SELECT "
                + COLUMNS
                + " FROM rooms r JOIN room_members m ON m.room_id = r.id"
                + " WHERE m.user_id = ? AND m.kicked = FALSE ORDER BY r.created_at DESC, r.id")
        .execute(Tuple.of(userId))
        .map(RoomRepository::list);
  }

  /** The member's role in the room, empty when not a member or kicked. */
  public Future<Optional<String>> memberRole(String roomId, String userId) {
    return pool.preparedQuery(
            "SELECT role FROM room_members WHERE room_id = ? AND user_id = ? AND kicked = FALSE")
        .execute(Tuple.of(roomId, userId))
        .map(
            rows ->
                rows.iterator().hasNext()
                    ? Optional.of(rows.iterator().next().getString("role"))
                    : Optional.empty());
  }

  /** Adds a member; a repeated join keeps the first membership (and a kick stays a kick). */
  public Future<Void> addMember(String roomId, String userId, String role, long now) {
    return pool.preparedQuery(
            "INSERT INTO room_members (room_id, user_id, role, joined_at, kicked)"
                + " SELECT ?, ?, ?, ?, FALSE WHERE NOT EXISTS"
                + " (SELECT 1 FROM room_members WHERE room_id = ? AND user_id = ?)")
        .execute(Tuple.of(roomId, userId, role, now, roomId, userId))
        .<Void>mapEmpty()
        .recover(e -> SqlErrors.isUniqueViolation(e) ? Future.succeededFuture() : Future.failedFuture(e));
  }

  /** Replaces the room's invite code: the old one finds nothing from then on. */
  public Future<Void> setInviteCode(String roomId, String code) {
    return pool.preparedQuery("UPDATE rooms SET invite_code = ? WHERE id = ?")
        .execute(Tuple.of(code, roomId))
        .mapEmpty();
  }

  /** Kicks a member out of the room for good: {@link #memberRole} no longer finds them. Hosts stay. */
  public Future<Void> setVideoQuality(String roomId, String quality) {
    return pool.preparedQuery("UPDATE rooms SET video_quality = ? WHERE id = ?").execute(Tuple.of(quality, roomId)).mapEmpty();
  }

  public Future<Void> kick(String roomId, String userId) {
    return pool.preparedQuery(
            "UPDATE room_members SET kicked = TRUE WHERE room_id = ? AND user_id = ? AND role <> ?")
        .execute(Tuple.of(roomId, userId, ROLE_HOST))
        .mapEmpty();
  }

  private static List<Room> list(RowSet<Row> rows) {
    List<Room> out = new ArrayList<>();
    for (Row r : rows) {
      out.add(
          new Room(
              r.getString("id"),
              r.getString("name"),
              r.getString("owner_id"),
              r.getString("invite_code"),
              r.getLong("created_at"),
              r.getString("video_quality")));
    }
    return out;
  }
}

package io.podster.recording;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Recording rows. State changes are conditional on the current state ({@code WHERE state =
 * 'uploading'}), so two nodes racing to complete or abort the same upload cannot both win.
 */
final class RecordingRepository {
  private static final String SELECT =
      "SELECT r.id, r.room_id, r.take_id, r.user_id, u.display_name, r.kind, r.mime_type, r.object_key,"
          + " r.upload_id, r.state, r.size, r.duration_ms, r.offset_ms, r.created_at, r.completed_at,"
          + " r.clock_offset_ms, r.clock_uncertainty_ms, r.sample_rate, r.samples, r.drift_ppm, r.fills"
          + " FROM recordings r JOIN users u ON u.id = r.user_id ";
  private final Pool pool;

  RecordingRepository(Pool pool) {
    this.pool = pool;
  }

  /** Completed recordings' bytes and what unfinished uploads hold or may still receive, for the quota. */
  record Usage(long completeBytes, long inFlightBytes) {}

  Future<Void> insert(Recording r, String uploadTokenHash, long now) {
    return pool.preparedQuery(
            "INSERT INTO recordings (id, room_id, take_id, user_id, kind, mime_type, object_key, upload_id,"
                + " state, offset_ms, created_at, updated_at, upload_token_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .execute(
            Tuple.from(
                new Object[] {
                  r.id(), r.roomId(), r.takeId(), r.userId(), r.kind(), r.mimeType(), r.objectKey(),
                  r.uploadId(), r.state(), r.offsetMs(), r.createdAt(), now, uploadTokenHash
                }))
        .mapEmpty();
  }

  /** The hash of the recording's upload token; empty when there is no such recording or no token. */
  Future<Optional<String>> uploadTokenHash(String id) {
    return pool.preparedQuery("SELECT upload_token_hash FROM recordings WHERE id = ?")
        .execute(Tuple.of(id))
        .map(rows -> rows.iterator().hasNext() ? Optional.ofNullable(rows.iterator().next().getString("upload_token_hash")) : Optional.empty());
  }

  /** When each of the room's unfinished uploads was last touched (created or presigned), by recording id. */
  Future<Map<String, Long>> uploadingActivity(String roomId) {
    return pool.preparedQuery("SELECT id, updated_at FROM recordings WHERE room_id = ? AND state = 'uploading'")
        .execute(Tuple.of(roomId))
        .map(rows -> {
          Map<String, Long> out = new HashMap<>();
          rows.forEach(r -> out.put(r.getString("id"), r.getLong("updated_at")));
          return out;
        });
  }

  Future<Optional<Recording>> find(String id) {
    return pool.preparedQuery(SELECT + "WHERE r.id = ?").execute(Tuple.of(id)).map(rows -> list(rows).stream().findFirst());
  }

  /** The room's recordings, oldest first; only {@code userId}'s when it is not null. */
  Future<List<Recording>> listByRoom(String roomId, String userId) {
    return userId == null
        ? pool.preparedQuery(SELECT + "WHERE r.room_id = ? ORDER BY r.created_at, r.id").execute(Tuple.of(roomId)).map(RecordingRepository::list)
        : pool.preparedQuery(SELECT + "WHERE r.room_id = ? AND r.user_id = ? ORDER BY r.created_at, r.id")
            .execute(Tuple.of(roomId, userId))
            .map(RecordingRepository::list);
  }

  /**
   * Marks the upload as active at {@code at} (a part stored then, or a part signed for the first
   * time). Never moves backwards: the janitor ages uploads by this.
   */
  Future<Void> touch(String id, long at) {
    return pool.preparedQuery("UPDATE recordings SET updated_at = ? WHERE id = ? AND state = 'uploading' AND updated_at < ?")
        .execute(Tuple.of(at, id, at))
        .mapEmpty();
  }

  /** True while the upload is unfinished and has not been active since {@code cutoff}. */
  Future<Boolean> idle(String id, long cutoff) {
    return pool.preparedQuery("SELECT id FROM recordings WHERE id = ? AND state = 'uploading' AND updated_at < ?")
        .execute(Tuple.of(id, cutoff))
        .map(rows -> rows.size() == 1);
  }

  /** The account's usage, leaving out {@code excludingId} (the recording being checked). */
  Future<Usage> usage(String userId, String excludingId) {
    String other = excludingId == null ? "" : excludingId;
    return pool.preparedQuery(
            "SELECT (SELECT COALESCE(SUM(size), 0) FROM recordings WHERE user_id = ? AND state = 'complete' AND id <> ?) AS done,"
                + " (SELECT COALESCE(SUM(GREATEST(COALESCE(p.stored_size, 0), p.reserved)), 0) FROM upload_parts p"
                + " JOIN recordings r ON r.id = p.recording_id WHERE r.user_id = ? AND r.state = 'uploading' AND r.id <> ?) AS held")
        .execute(Tuple.of(userId, other, userId, other))
        .map(rows -> {
          Row r = rows.iterator().next();
          return new Usage(((Number) r.getValue("done")).longValue(), ((Number) r.getValue("held")).longValue());
        });
  }

  /** True when this call moved the row from uploading to complete. */
  Future<Boolean> markComplete(String id, long size, Long durationMs, TrackTiming timing, long now) {
    if (timing == null) {
      return pool.preparedQuery(
              "UPDATE recordings SET state = 'complete', size = ?, duration_ms = ?, completed_at = ?, updated_at = ?"
                  + " WHERE id = ? AND state = 'uploading'")
          .execute(Tuple.of(size, durationMs, now, now, id))
          .map(rows -> rows.rowCount() == 1);
    }
    // The recorder's own offset replaces the create-time estimate, in the same conditional write,
    // so only the complete that finishes the upload sets it.
    return pool.preparedQuery(
            "UPDATE recordings SET state = 'complete', size = ?, duration_ms = ?, completed_at = ?, updated_at = ?,"
                + " offset_ms = ?, clock_offset_ms = ?, clock_uncertainty_ms = ?, sample_rate = ?, samples = ?, drift_ppm = ?,"
                + " fills = ? WHERE id = ? AND state = 'uploading'")
        .execute(Tuple.from(new Object[] {
          size, durationMs, now, now, timing.offsetMs(), timing.clockOffsetMs(), timing.clockUncertaintyMs(),
          timing.sampleRate(), timing.samples(), timing.driftPpm(), fillsColumn(timing.fills()), id}))
        .map(rows -> rows.rowCount() == 1);
  }

  Future<Boolean> markAborted(String id, long now) {
    return pool.preparedQuery("UPDATE recordings SET state = 'aborted', updated_at = ? WHERE id = ? AND state = 'uploading'")
        .execute(Tuple.of(now, id))
        .map(rows -> rows.rowCount() == 1);
  }

  Future<Void> delete(String id) {
    return pool.preparedQuery("DELETE FROM recordings WHERE id = ?").execute(Tuple.of(id)).mapEmpty();
  }

  /** Unfinished uploads nobody touched since {@code cutoff}. */
  Future<List<Recording>> idleSince(long cutoff, int limit) {
    return pool.preparedQuery(SELECT + "WHERE r.state = 'uploading' AND r.updated_at < ? ORDER BY r.updated_at LIMIT " + limit)
        .execute(Tuple.of(cutoff))
        .map(RecordingRepository::list);
  }

  private static TrackTiming timing(Row r) {
    Double clockOffset = r.getDouble("clock_offset_ms");
    if (clockOffset == null) {
      return null;
    }
    return new TrackTiming(r.getLong("offset_ms"), clockOffset, r.getDouble("clock_uncertainty_ms"),
        r.getInteger("sample_rate"), r.getLong("samples"), r.getDouble("drift_ppm"), fills(r.getString("fills")));
  }

  /** Compact JSON {@code [[atMs, ms], …]}: read back whole, never queried inside. */
  private static String fillsColumn(List<Fill> fills) {
    if (fills == null) {
      return null;
    }
    JsonArray out = new JsonArray();
    fills.forEach(f -> out.add(new JsonArray().add(f.atMs()).add(f.ms())));
    return out.encode();
  }

  private static List<Fill> fills(String column) {
    if (column == null) {
      return null;
    }
    List<Fill> out = new ArrayList<>();
    for (Object o : new JsonArray(column)) {
      JsonArray pair = (JsonArray) o;
      out.add(new Fill(((Number) pair.getValue(0)).doubleValue(), ((Number) pair.getValue(1)).doubleValue()));
    }
    return out;
  }

  private static List<Recording> list(RowSet<Row> rows) {
    List<Recording> out = new ArrayList<>();
    for (Row r : rows) {
      out.add(
          new Recording(
              r.getString("id"),
              r.getString("room_id"),
              r.getString("take_id"),
              r.getString("user_id"),
              r.getString("display_name"),
              r.getString("kind"),
              r.getString("mime_type"),
              r.getString("object_key"),
              r.getString("upload_id"),
              r.getString("state"),
              r.getLong("size"),
              r.getLong("duration_ms"),
              r.getLong("offset_ms"),
              r.getLong("created_at"),
              r.getLong("completed_at"),
              timing(r)));
    }
    return out;
  }
}

package io.podster.recording;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts signed for each unfinished upload and what each may still cost: the bytes the store
 * holds for it (ListParts) or the size a URL still usable is bound to, whichever is larger. These
 * rows are what the quota counts for uploads in flight.
 */
final class UploadParts {
  /**
   * How long after a URL expires its bytes may still land: the store checks the signature when a
   * request starts, and a large part on a slow link takes minutes to send.
   */
  static final long LANDING_GRACE_MS = MultipartStore.PART_URL_TTL.toMillis();
  private final Pool pool;

  UploadParts(Pool pool) {
    this.pool = pool;
  }

  /** One part: the latest size signed, the bytes it may cost, until when, and what is stored. */
  record Part(int partNumber, long size, long reserved, long signedUntil, Long storedSize) {
    long counted() {
      return Math.max(storedSize == null ? 0 : storedSize, reserved);
    }

    /** After signing a URL for {@code size} bytes at {@code now}: an older URL may still be used. */
    Part signed(long newSize, long now, long until) {
      boolean olderUsable = signedUntil + LANDING_GRACE_MS > now;
      return new Part(partNumber, newSize, olderUsable ? Math.max(reserved, newSize) : newSize, until, storedSize);
    }

    static Part fresh(int partNumber, long size, long until) {
      return new Part(partNumber, size, size, until, null);
    }
  }

  Future<List<Part>> of(String recordingId) {
    return pool.preparedQuery(
            "SELECT part_number, size, reserved, signed_until, stored_size FROM upload_parts"
                + " WHERE recording_id = ? ORDER BY part_number")
        .execute(Tuple.of(recordingId))
        .map(rows -> {
          List<Part> out = new ArrayList<>();
          for (Row r : rows) {
            out.add(new Part(r.getInteger("part_number"), r.getLong("size"), r.getLong("reserved"),
                r.getLong("signed_until"), r.getLong("stored_size")));
          }
          return out;
        });
  }

  /**
   * Brings the rows in line with a ListParts made at {@code listedAt}: stored sizes as listed; a
   * part not stored whose every URL is past landing costs nothing more. A stored part with no row
   * (an upload begun before sizes were signed) is counted by its stored size.
   */
  Future<List<Part>> reconcile(String recordingId, List<Part> parts, List<StoredPart> stored, long listedAt) {
    Map<Integer, Long> held = new HashMap<>();
    stored.forEach(s -> held.put(s.partNumber(), s.size()));
    List<Part> out = new ArrayList<>();
    List<Tuple> updates = new ArrayList<>();
    List<Tuple> inserts = new ArrayList<>();
    for (Part p : parts) {
      Long storedSize = held.remove(p.partNumber());
      boolean dead = storedSize == null && p.signedUntil() + LANDING_GRACE_MS < listedAt;
      Part now = new Part(p.partNumber(), p.size(), dead ? 0 : p.reserved(), p.signedUntil(), storedSize);
      if (!now.equals(p)) {
        updates.add(Tuple.of(now.reserved(), now.storedSize(), recordingId, now.partNumber()));
      }
      out.add(now);
    }
    held.forEach((n, size) -> {
      Part p = new Part(n, size, 0, 0, size);
      inserts.add(insertTuple(recordingId, p));
      out.add(p);
    });
    out.sort(java.util.Comparator.comparingInt(Part::partNumber));
    Future<?> u = updates.isEmpty() ? Future.succeededFuture()
        : pool.preparedQuery("UPDATE upload_parts SET reserved = ?, stored_size = ? WHERE recording_id = ? AND part_number = ?")
            .executeBatch(updates);
    return u.compose(v -> insert(inserts)).map(out);
  }

  /** Writes the rows for newly signed URLs: {@code before} as they were, {@code after} as signed. */
  Future<Void> save(String recordingId, Map<Integer, Part> before, List<Part> after) {
    List<Tuple> updates = new ArrayList<>();
    List<Tuple> inserts = new ArrayList<>();
    for (Part p : after) {
      if (before.containsKey(p.partNumber())) {
        updates.add(Tuple.of(p.size(), p.reserved(), p.signedUntil(), recordingId, p.partNumber()));
      } else {
        inserts.add(insertTuple(recordingId, p));
      }
    }
    Future<?> u = updates.isEmpty() ? Future.succeededFuture()
        : pool.preparedQuery("UPDATE upload_parts SET size = ?, reserved = ?, signed_until = ? WHERE recording_id = ? AND part_number = ?")
            .executeBatch(updates);
    return u.compose(v -> insert(inserts)).mapEmpty();
  }

  /** Once complete or aborted, the recording's own size (or nothing) is what counts. */
  Future<Void> forget(String recordingId) {
    return pool.preparedQuery("DELETE FROM upload_parts WHERE recording_id = ?").execute(Tuple.of(recordingId)).mapEmpty();
  }

  private Future<Void> insert(List<Tuple> rows) {
    return rows.isEmpty() ? Future.succeededFuture()
        : pool.preparedQuery("INSERT INTO upload_parts (recording_id, part_number, size, reserved, signed_until, stored_size)"
                + " VALUES (?, ?, ?, ?, ?, ?)")
            .executeBatch(rows)
            .mapEmpty();
  }

  private static Tuple insertTuple(String recordingId, Part p) {
    return Tuple.of(recordingId, p.partNumber(), p.size(), p.reserved(), p.signedUntil(), p.storedSize());
  }
}

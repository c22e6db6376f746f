package io.podster.recording;

import io.podster.domain.Conflict;
import io.podster.domain.Forbidden;
import io.podster.domain.NotFound;
import io.podster.rooms.RoomAccess;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host deletes a stopped take: every track's bytes leave the store (complete objects deleted,
 * unfinished uploads aborted) and the take leaves the room's list. The take is marked deleted
 * first, under the take's lock that creating a recording of it takes too, so no track can appear
 * after the deletion listed them; then each track is removed under its own lock, so a complete
 * running at the same instant either finishes first (and its object is deleted) or finds the
 * upload gone. A store outage stops the deletion at the first track it cannot remove: the take
 * stays listed as deleting, and a repeated DELETE (or the janitor) removes what is left.
 */
final class TakeDeletion {
  private static final Logger log = LoggerFactory.getLogger(TakeDeletion.class);
  private static final Pattern UUID_SHAPE =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  /** Unfinished deletions the janitor finishes per sweep. */
  static final int BATCH = 100;
  private final Takes takes;
  private final RecordingRepository recordings;
  private final RecordingLocks locks;
  private final TrackRemoval removal;

  TakeDeletion(Takes takes, RecordingRepository recordings, RecordingLocks locks, TrackRemoval removal) {
    this.takes = takes;
    this.recordings = recordings;
    this.locks = locks;
    this.removal = removal;
  }

  /**
   * Host only ({@code member} is the caller's membership of the room); 409 {@code take_running}
   * while it records; a take already deleted is deleted again (nothing left: success).
   */
  Future<JsonObject> delete(RoomAccess.Membership member, String takeId) {
    if (!member.host()) {
      return Future.failedFuture(new Forbidden("not_host", "Only the room's host can delete a take."));
    }
    String roomId = member.room().id();
    Future<Optional<Take>> found = takeId != null && UUID_SHAPE.matcher(takeId).matches()
        ? takes.find(takeId)
        : Future.succeededFuture(Optional.empty());
    return found
        .compose(take -> {
          if (take.isEmpty() || !take.get().roomId().equals(roomId)) {
            return Future.failedFuture(new NotFound("That take"));
          }
          return locks.take(takeId, () -> takes.markDeleted(takeId));
        })
        .compose(marked -> marked
            ? finish(roomId, takeId)
            : Future.failedFuture(new Conflict("take_running", "This take is being recorded. Stop recording before deleting it.")))
        .map(v -> new JsonObject());
  }

  /** Removes every track of a take marked deleted, one after another; fails at the first the store refuses. */
  Future<Void> finish(String roomId, String takeId) {
    return recordings.listByRoom(roomId, null).compose(all -> {
      Future<Void> chain = Future.succeededFuture();
      for (Recording r : all) {
        if (r.takeId().equals(takeId) && !Recording.ABORTED.equals(r.state())) {
          chain = chain.compose(v -> removal.remove(r.id()).mapEmpty());
        }
      }
      return chain;
    });
  }

  /** Finishes deletions a store or database outage interrupted; the number finished. */
  Future<Integer> finishInterrupted() {
    return takes.deleted(BATCH).compose(unfinished -> {
      Future<Integer> chain = Future.succeededFuture(0);
      for (Take t : unfinished) {
        chain = chain.compose(n -> finish(t.roomId(), t.id())
            .map(v -> n + 1)
            .recover(e -> {
              log.warn("could not finish deleting take={} yet", t.id(), e);
              return Future.succeededFuture(n);
            }));
      }
      return chain;
    });
  }
}

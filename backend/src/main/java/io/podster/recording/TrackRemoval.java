package io.podster.recording;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;

/**
 * Takes one recording out of the store: an unfinished upload is aborted (its row stays, marked
 * aborted), a complete one's object is deleted and then its row. Under the recording's lock, as
 * complete and the janitor's abort are, and on the row as it is then. Repeating it after a failure
 * (the store or the database was down) is safe: aborting an upload or deleting an object the
 * store no longer has succeeds, and a row already gone or aborted needs nothing.
 */
final class TrackRemoval {
  private final RecordingRepository recordings;
  private final UploadParts parts;
  private final MultipartStore store;
  private final RecordingLocks locks;
  private final Clock clock;

  TrackRemoval(RecordingRepository recordings, UploadParts parts, MultipartStore store, RecordingLocks locks, Clock clock) {
    this.recordings = recordings;
    this.parts = parts;
    this.store = store;
    this.locks = locks;
    this.clock = clock;
  }

  /**
   * {@code {aborted: true, recording}} when an unfinished upload was aborted (the row as it now
   * stands, for the host's board: a page deletes a recording that caught nothing, and the board
   * must not wait for it to be saved), else {@code {}}.
   */
  Future<JsonObject> remove(String id) {
    return locks.recording(id, () -> recordings.find(id).compose(found -> {
      if (found.isEmpty()) {
        return Future.succeededFuture(new JsonObject());
      }
      Recording r = found.get();
      if (r.uploading()) {
        return store
            .abort(r.objectKey(), r.uploadId())
            .compose(v -> recordings.markAborted(r.id(), clock.millis()))
            .compose(v -> parts.forget(r.id()))
            .compose(v -> recordings.find(r.id()))
            .map(now -> {
              JsonObject reply = new JsonObject().put("aborted", true);
              now.ifPresent(row -> reply.put("recording", row.toJson()));
              return reply;
            });
      }
      if (Recording.COMPLETE.equals(r.state())) {
        return store.delete(r.objectKey()).compose(v -> recordings.delete(r.id())).map(v -> new JsonObject());
      }
      return Future.succeededFuture(new JsonObject());
    }));
  }
}

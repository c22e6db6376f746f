package io.podster.recording;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * One recording session of a room: every participant's tracks align to its server start time.
 * {@code name} is the host's (null until renamed); {@code deletedAt} is set once the host deleted it.
 */
public record Take(String id, String roomId, String createdBy, long startedAt, Long stoppedAt, String name, Long deletedAt) {
  public Take(String id, String roomId, String createdBy, long startedAt, Long stoppedAt) {
    this(id, roomId, createdBy, startedAt, stoppedAt, null, null);
  }

  /**
   * The countdown between a take's creation and the instant every recorder starts: long enough for
   * the announcement to reach every browser (even one on a slow link) before that instant, so all
   * start together, and what the page counts down from.
   */
  public static final long COUNTDOWN_MS = 3000;

  /** The server-clock instant every participant's recorders start at. */
  public long startAt() {
    return startedAt + COUNTDOWN_MS;
  }

  public boolean running() {
    return stoppedAt == null;
  }

  public boolean deleted() {
    return deletedAt != null;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("roomId", roomId)
        .put("name", name)
        .put("startedAt", Instant.ofEpochMilli(startedAt).toString())
        .put("startAt", Instant.ofEpochMilli(startAt()).toString())
        .put("stoppedAt", stoppedAt == null ? null : Instant.ofEpochMilli(stoppedAt).toString());
  }
}

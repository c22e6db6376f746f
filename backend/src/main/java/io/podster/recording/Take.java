package io.podster.recording;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** One recording session of a room: every participant's tracks align to its server start time. */
public record Take(String id, String roomId, String createdBy, long startedAt, Long stoppedAt) {
  public boolean running() {
    return stoppedAt == null;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("roomId", roomId)
        .put("startedAt", Instant.ofEpochMilli(startedAt).toString())
        .put("stoppedAt", stoppedAt == null ? null : Instant.ofEpochMilli(stoppedAt).toString());
  }
}

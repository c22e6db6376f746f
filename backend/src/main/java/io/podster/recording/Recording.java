package io.podster.recording;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** One participant's track of one take, uploaded in parts straight to the object store. */
public record Recording(
    String id,
    String roomId,
    String takeId,
    String userId,
    String displayName,
    String kind,
    String mimeType,
    String objectKey,
    String uploadId,
    String state,
    Long size,
    Long durationMs,
    long offsetMs,
    long createdAt,
    Long completedAt,
    /** How its recorder placed it on the server's clock; null until complete, or from a recorder that did not say. */
    TrackTiming timing) {
  public static final String UPLOADING = "uploading";
  public static final String COMPLETE = "complete";
  public static final String ABORTED = "aborted";
  public static final String AUDIO = "audio";

  public boolean uploading() {
    return UPLOADING.equals(state);
  }

  /** The contract's shape; the object key and upload id stay on the server. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("roomId", roomId)
        .put("takeId", takeId)
        .put("userId", userId)
        .put("displayName", displayName)
        .put("kind", kind)
        .put("mimeType", mimeType)
        .put("state", state)
        .put("size", size)
        .put("durationMs", durationMs)
        .put("offsetMs", offsetMs)
        .put("createdAt", Instant.ofEpochMilli(createdAt).toString())
        .put("completedAt", completedAt == null ? null : Instant.ofEpochMilli(completedAt).toString());
  }
}

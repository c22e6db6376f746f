package io.podster.rooms;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** A room people meet and record in. */
public record Room(String id, String name, String ownerId, String inviteCode, long createdAt) {
  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("name", name)
        .put("ownerId", ownerId)
        .put("inviteCode", inviteCode)
        .put("createdAt", Instant.ofEpochMilli(createdAt).toString());
  }
}

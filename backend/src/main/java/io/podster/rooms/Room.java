package io.podster.rooms;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** A room people meet and record in. */
public record Room(String id, String name, String ownerId, String inviteCode, long createdAt, String videoQuality) {
  /**
   * The room as {@code viewerId} sees it: only its owner (the host) is sent the invite code, which
   * lets anyone in; a guest who has it could pass it on after being kicked.
   */
  public JsonObject toJson(String viewerId) {
    JsonObject json = new JsonObject().put("id", id).put("name", name).put("ownerId", ownerId);
    if (ownerId.equals(viewerId)) {
      json.put("inviteCode", inviteCode);
    }
    return json.put("createdAt", Instant.ofEpochMilli(createdAt).toString()).put("videoQuality", videoQuality);
  }

  public Room withInviteCode(String code) {
    return new Room(id, name, ownerId, code, createdAt, videoQuality);
  }

  public Room withVideoQuality(String quality) {
    return new Room(id, name, ownerId, inviteCode, createdAt, quality);
  }
}

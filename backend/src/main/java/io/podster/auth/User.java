package io.podster.auth;

import io.vertx.core.json.JsonObject;

/** An account or a guest. The password hash never leaves the auth package. */
public record User(String id, String email, String displayName, String role) {
  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("email", email)
        .put("displayName", displayName)
        .put("role", role);
  }
}

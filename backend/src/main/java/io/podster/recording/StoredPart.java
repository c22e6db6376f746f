package io.podster.recording;

import io.vertx.core.json.JsonObject;

/** A part the object store already holds, as ListParts reports it. */
public record StoredPart(int partNumber, String etag, long size) {
  public JsonObject toJson() {
    return new JsonObject().put("partNumber", partNumber).put("etag", etag).put("size", size);
  }

  /** ETags travel quoted in headers and unquoted in some clients; compare them bare. */
  public static String bare(String etag) {
    return etag == null ? null : etag.replace("\"", "").strip();
  }
}

package io.podster.recording;

import io.vertx.core.json.JsonObject;

/**
 * A part the object store already holds, as ListParts reports it; {@code lastModified} (epoch ms,
 * 0 when the store gave none) is when it landed, which is how old an upload is.
 */
public record StoredPart(int partNumber, String etag, long size, long lastModified) {
  public JsonObject toJson() {
    return new JsonObject().put("partNumber", partNumber).put("etag", etag).put("size", size);
  }

  /** ETags travel quoted in headers and unquoted in some clients; compare them bare. */
  public static String bare(String etag) {
    return etag == null ? null : etag.replace("\"", "").strip();
  }
}

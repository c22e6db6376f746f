package io.podster.http;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.UnaryOperator;

/** Reads a request's JSON object and its fields, failing with a 400 that names the field. */
public final class JsonBody {
  private final JsonObject json;

  private JsonBody(JsonObject json) {
    this.json = json;
  }

  public static JsonBody of(RoutingContext ctx) {
    String raw = ctx.body() == null ? null : ctx.body().asString();
    if (raw == null || raw.isBlank()) {
      return new JsonBody(new JsonObject());
    }
    Object parsed;
    try {
      parsed = io.vertx.core.json.Json.decodeValue(raw);
    } catch (DecodeException e) {
      throw ApiError.badRequest("malformed_json", "The request body is not valid JSON.");
    }
    if (!(parsed instanceof JsonObject obj)) {
      throw ApiError.badRequest("malformed_json", "The request body must be a JSON object.");
    }
    return new JsonBody(obj);
  }

  /** A required string, trimmed, between 1 and {@code maxLength} characters. */
  public String string(String field, int maxLength) {
    return string(field, maxLength, UnaryOperator.identity());
  }

  /**
   * A required string in its canonical form ({@code canonical}, e.g. Unicode normalisation), then
   * trimmed and between 1 and {@code maxLength} characters. The length is checked on what will be
   * stored: normalising can lengthen a string several times over (U+0958 becomes two characters
   * under NFC, U+3300 four under NFKC), past what the column holds.
   */
  public String string(String field, int maxLength, UnaryOperator<String> canonical) {
    Object v = json.getValue(field);
    if (v == null) {
      throw ApiError.badRequest("missing_field", "'" + field + "' is required.");
    }
    if (!(v instanceof String s)) {
      throw ApiError.badRequest("invalid_field", "'" + field + "' must be a string.");
    }
    String trimmed = canonical.apply(s).strip();
    if (trimmed.isEmpty()) {
      throw ApiError.badRequest("missing_field", "'" + field + "' must not be empty.");
    }
    if (trimmed.length() > maxLength) {
      throw ApiError.badRequest(
          "invalid_field", "'" + field + "' must be at most " + maxLength + " characters.");
    }
    return trimmed;
  }

  /** A required string kept exactly as sent (passwords: spaces are meaningful). */
  public String rawString(String field, int maxLength) {
    Object v = json.getValue(field);
    if (v == null) {
      throw ApiError.badRequest("missing_field", "'" + field + "' is required.");
    }
    if (!(v instanceof String s)) {
      throw ApiError.badRequest("invalid_field", "'" + field + "' must be a string.");
    }
    if (s.length() > maxLength) {
      throw ApiError.badRequest(
          "invalid_field", "'" + field + "' must be at most " + maxLength + " characters.");
    }
    return s;
  }

  public JsonObject json() {
    return json;
  }
}

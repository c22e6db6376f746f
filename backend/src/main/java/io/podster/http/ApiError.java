package io.podster.http;

import io.vertx.core.json.JsonObject;

/**
 * A failure whose cause the client can act on. Thrown or failed into a handler's future; the
 * {@link ErrorResponses} failure handler turns it into the contract's JSON shape.
 */
public class ApiError extends RuntimeException {
  private final int status;
  private final String code;
  private final Long retryAfterSeconds;
  /** Within this a node is back once its dependency is (the pool replaces connections in ~2 s). */
  static final long UNAVAILABLE_RETRY_SECONDS = 3;

  public ApiError(int status, String code, String message) {
    this(status, code, message, null);
  }

  private ApiError(int status, String code, String message, Long retryAfterSeconds) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public static ApiError badRequest(String code, String message) {
    return new ApiError(400, code, message);
  }

  public static ApiError unauthenticated() {
    return new ApiError(401, "unauthenticated", "Please sign in.");
  }

  public static ApiError forbidden(String code, String message) {
    return new ApiError(403, code, message);
  }

  public static ApiError notFound(String what) {
    return new ApiError(404, "not_found", what + " was not found.");
  }

  public static ApiError conflict(String code, String message) {
    return new ApiError(409, code, message);
  }

  public static ApiError tooManyRequests(long retryAfterSeconds) {
    return new ApiError(
        429,
        "rate_limited",
        "Too many attempts. Try again in " + retryAfterSeconds + " seconds.",
        retryAfterSeconds);
  }

  /** A dependency (database, object store) is down: the client retries after a few seconds. */
  public static ApiError unavailable() {
    return new ApiError(
        503, "unavailable", "The service is briefly unavailable. Try again in a few seconds.", UNAVAILABLE_RETRY_SECONDS);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public Long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("error", new JsonObject().put("code", code).put("message", getMessage()));
  }
}

package io.podster.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.podster.domain.Conflict;
import io.podster.domain.DomainError;
import io.podster.domain.Forbidden;
import io.podster.domain.Invalid;
import io.podster.domain.NotFound;
import io.podster.domain.QuotaExceeded;
import io.podster.domain.RateLimited;
import io.podster.domain.Unauthenticated;
import io.podster.domain.Unavailable;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Each kind of domain error becomes the status and the contract's body the API always answered with. */
class DomainErrorStatusTest {
  record Case(DomainError error, int status, String code, String message) {}

  @Test
  @DisplayName("every kind maps to its status; code and message pass through into {error:{code,message}}")
  void statuses() {
    List<Case> cases = List.of(
        new Case(new Invalid("invalid_field", "'kind' must be camera, screen or audio."), 400, "invalid_field",
            "'kind' must be camera, screen or audio."),
        new Case(new Unauthenticated(), 401, "unauthenticated", "Please sign in."),
        new Case(new Unauthenticated("bad_upload_token", "This upload token is not valid for this recording."), 401,
            "bad_upload_token", "This upload token is not valid for this recording."),
        new Case(new Forbidden("not_owner", "Only the person who recorded this can upload it."), 403, "not_owner",
            "Only the person who recorded this can upload it."),
        new Case(new NotFound("That recording"), 404, "not_found", "That recording was not found."),
        new Case(new NotFound("invite_not_found", "This invite link is not valid."), 404, "invite_not_found",
            "This invite link is not valid."),
        new Case(new Conflict("already_complete", "This recording is already complete."), 409, "already_complete",
            "This recording is already complete."),
        new Case(new QuotaExceeded("This would exceed your storage quota."), 413, "quota_exceeded",
            "This would exceed your storage quota."),
        new Case(new RateLimited(42), 429, "rate_limited", "Too many attempts. Try again in 42 seconds."),
        new Case(new Unavailable("This recording is busy with another request. Try again."), 503, "unavailable",
            "This recording is busy with another request. Try again."));
    for (Case c : cases) {
      ApiError api = DomainErrorStatus.toApiError(c.error());
      assertEquals(c.status(), api.status(), c.error().getClass().getSimpleName());
      JsonObject body = api.toJson();
      assertEquals(new JsonObject().put("error", new JsonObject().put("code", c.code()).put("message", c.message())), body);
    }
  }

  @Test
  @DisplayName("rate limited carries Retry-After; a busy recording's unavailable does not (as before: no hint how long)")
  void retryAfter() {
    assertEquals(42L, DomainErrorStatus.toApiError(new RateLimited(42)).retryAfterSeconds());
    assertNull(DomainErrorStatus.toApiError(new Unavailable("busy")).retryAfterSeconds());
    assertNull(DomainErrorStatus.toApiError(new Conflict("x", "y")).retryAfterSeconds());
  }
}

package io.podster.http;

import io.podster.domain.Conflict;
import io.podster.domain.DomainError;
import io.podster.domain.Forbidden;
import io.podster.domain.Invalid;
import io.podster.domain.NotFound;
import io.podster.domain.QuotaExceeded;
import io.podster.domain.RateLimited;
import io.podster.domain.Unauthenticated;
import io.podster.domain.Unavailable;

/**
 * The one place a {@link DomainError} becomes an HTTP status: the code and message pass through
 * unchanged into the contract's error body, so the domain's words are what clients see.
 */
final class DomainErrorStatus {
  private DomainErrorStatus() {}

  static ApiError toApiError(DomainError e) {
    if (e instanceof RateLimited limited) {
      return ApiError.tooManyRequests(limited.retryAfterSeconds());
    }
    return new ApiError(status(e), e.code(), e.getMessage());
  }

  static int status(DomainError e) {
    // An if-chain, not a switch: Java 17 has no pattern switch; the sealed list keeps it complete.
    if (e instanceof Invalid) {
      return 400;
    }
    if (e instanceof Unauthenticated) {
      return 401;
    }
    if (e instanceof Forbidden) {
      return 403;
    }
    if (e instanceof NotFound) {
      return 404;
    }
    if (e instanceof Conflict) {
      return 409;
    }
    if (e instanceof QuotaExceeded) {
      return 413;
    }
    if (e instanceof RateLimited) {
      return 429;
    }
    if (e instanceof Unavailable) {
      return 503;
    }
    throw new IllegalStateException("no status for " + e.getClass().getName());
  }
}

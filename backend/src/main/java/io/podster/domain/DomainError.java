package io.podster.domain;

/**
 * A failure the caller can act on, as the domain states it: a kind (the subclass), a stable
 * machine {@link #code()} and a human message. Domain code throws or fails futures with these and
 * knows nothing of transports; the HTTP layer maps each kind to a status in one place, and the
 * signaling socket answers with the code and message as they are.
 */
public abstract sealed class DomainError extends RuntimeException
    permits NotFound, Forbidden, Conflict, Invalid, Unauthenticated, RateLimited, QuotaExceeded, Unavailable {
  private final String code;

  DomainError(String code, String message) {
    // No stack trace: these are answers, not bugs, and some are thrown on every bad request.
    super(message, null, false, false);
    this.code = code;
  }

  /** Stable, snake_case: clients branch on it, so it never changes once published. */
  public String code() {
    return code;
  }
}

package io.podster.domain;

/** {@code rate_limited}: too many attempts; the caller may try again after {@link #retryAfterSeconds()}. */
public final class RateLimited extends DomainError {
  private final long retryAfterSeconds;

  public RateLimited(long retryAfterSeconds) {
    super("rate_limited", "Too many attempts. Try again in " + retryAfterSeconds + " seconds.");
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}

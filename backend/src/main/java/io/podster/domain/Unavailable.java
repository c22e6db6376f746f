package io.podster.domain;

/**
 * {@code unavailable}: nothing is wrong with the request, but it cannot be served now (the thing
 * is busy with another request); the caller retries. A dependency that is down is recognised at
 * the edge from its own exception instead, and answered with a retry hint.
 */
public final class Unavailable extends DomainError {
  public Unavailable(String message) {
    super("unavailable", message);
  }
}

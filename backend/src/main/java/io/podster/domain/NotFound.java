package io.podster.domain;

/** The thing asked for does not exist, or the caller may not learn that it does. */
public final class NotFound extends DomainError {
  /** {@code not_found}: "{@code what} was not found." */
  public NotFound(String what) {
    this("not_found", what + " was not found.");
  }

  public NotFound(String code, String message) {
    super(code, message);
  }
}

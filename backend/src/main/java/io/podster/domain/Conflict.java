package io.podster.domain;

/** The request is fine but the thing's current state does not allow it (already complete, running). */
public final class Conflict extends DomainError {
  public Conflict(String code, String message) {
    super(code, message);
  }
}

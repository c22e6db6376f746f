package io.podster.domain;

/** The caller did not prove who they are: no session, wrong credentials, a wrong upload token. */
public final class Unauthenticated extends DomainError {
  /** {@code unauthenticated}: the caller has no valid session. */
  public Unauthenticated() {
    this("unauthenticated", "Please sign in.");
  }

  public Unauthenticated(String code, String message) {
    super(code, message);
  }
}

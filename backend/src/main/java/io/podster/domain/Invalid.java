package io.podster.domain;

/** The caller's input is wrong in a way the message explains (a field, a part list). */
public final class Invalid extends DomainError {
  public Invalid(String code, String message) {
    super(code, message);
  }
}

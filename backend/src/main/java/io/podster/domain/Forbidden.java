package io.podster.domain;

/** The caller is known but may not do this (not the owner, not the host, a guest). */
public final class Forbidden extends DomainError {
  public Forbidden(String code, String message) {
    super(code, message);
  }
}

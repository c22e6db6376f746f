package io.podster.domain;

/** {@code quota_exceeded}: the account's storage would grow past its quota. */
public final class QuotaExceeded extends DomainError {
  public QuotaExceeded(String message) {
    super("quota_exceeded", message);
  }
}

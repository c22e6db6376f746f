package io.podster.auth;

import io.podster.config.PodsterConfig;
import io.podster.http.ApiError;
import io.podster.metrics.PodsterMetrics;
import java.time.Clock;

/** Failed logins per account and per address, and sign-ups per address. */
public final class AuthLimits {
  private final RateLimiter failuresByAccount;
  private final RateLimiter failuresByAddress;
  private final RateLimiter signupsByAddress;
  private final PodsterMetrics metrics;

  public AuthLimits(PodsterConfig.Limits limits, Clock clock, PodsterMetrics metrics) {
    this.metrics = metrics;
    this.failuresByAccount =
        new RateLimiter(limits.loginFailuresPerAccount(), limits.loginWindow(), clock);
    this.failuresByAddress =
        new RateLimiter(limits.loginFailuresPerAddress(), limits.loginWindow(), clock);
    this.signupsByAddress =
        new RateLimiter(limits.signupsPerAddress(), limits.signupWindow(), clock);
  }

  void checkLogin(String email, String address) {
    long wait =
        Math.max(failuresByAccount.retryAfterSeconds(email), failuresByAddress.retryAfterSeconds(address));
    if (wait > 0) {
      metrics.rateLimited("login");
      throw ApiError.tooManyRequests(wait);
    }
  }

  void recordLoginFailure(String email, String address) {
    metrics.authFailure("bad_credentials");
    failuresByAccount.record(email);
    failuresByAddress.record(address);
  }

  void recordLoginSuccess(String email) {
    failuresByAccount.reset(email);
  }

  /** Guests joining by invite count as sign-ups: both create a user row. */
  public void checkSignup(String address) {
    long wait = signupsByAddress.retryAfterSeconds(address);
    if (wait > 0) {
      metrics.rateLimited("signup");
      throw ApiError.tooManyRequests(wait);
    }
  }

  public void recordSignup(String address) {
    signupsByAddress.record(address);
  }
}

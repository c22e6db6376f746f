package io.podster.auth;

import io.podster.config.PodsterConfig;
import io.podster.domain.RateLimited;
import io.podster.metrics.PodsterMetrics;
import io.podster.metrics.RateLimits;
import java.time.Clock;

/**
 * Failed logins and sign-ups. A failure counts against its (account, address) pair and its
 * address, never against the account alone: a lock on the account would let anyone lock its owner
 * out (five wrong passwords, renewed every window). So:
 *
 * <ul>
 *   <li>an address that failed {@code loginFailuresPerAccount} times for one account waits out
 *       the window for that account (429);
 *   <li>an address that failed {@code loginFailuresPerAddress} times, across accounts, waits out
 *       the window for every account;
 *   <li>once an account has {@code loginFailuresPerAccount} failures from all addresses together,
 *       it is under attack from many addresses: each address that already failed for it must wait
 *       a delay that doubles with every further failure (1 s, 2 s, 4 s, … at most the window) since
 *       its own last failure. An address without failures for the account is never held back, so
 *       the owner's correct password still gets in, and each attacking address gets about one
 *       guess per delay instead of {@code loginFailuresPerAccount} per window.
 * </ul>
 */
public final class AuthLimits {
  private static final int MAX_DOUBLINGS = 30;
  private final RateLimiter failuresByPair;
  private final RateLimiter failuresByAccount;
  private final RateLimiter failuresByAddress;
  private final RateLimiter signupsByAddress;
  private final int failuresPerAccount;
  private final long windowMillis;
  private final Clock clock;
  private final PodsterMetrics metrics;

  public AuthLimits(PodsterConfig.Limits limits, Clock clock, PodsterMetrics metrics) {
    this.metrics = metrics;
    this.clock = clock;
    this.failuresPerAccount = limits.loginFailuresPerAccount();
    this.windowMillis = limits.loginWindow().toMillis();
    this.failuresByPair =
        new RateLimiter(limits.loginFailuresPerAccount(), limits.loginWindow(), clock);
    // Only counted, never a lock by itself: see the account's delay below.
    this.failuresByAccount =
        new RateLimiter(limits.loginFailuresPerAccount(), limits.loginWindow(), clock);
    this.failuresByAddress =
        new RateLimiter(limits.loginFailuresPerAddress(), limits.loginWindow(), clock);
    this.signupsByAddress =
        new RateLimiter(limits.signupsPerAddress(), limits.signupWindow(), clock);
  }

  void checkLogin(String email, String address) {
    String pair = pair(email, address);
    long wait =
        Math.max(
            Math.max(failuresByPair.retryAfterSeconds(pair), failuresByAddress.retryAfterSeconds(address)),
            accountDelaySeconds(email, pair));
    if (wait > 0) {
      metrics.rateLimited(RateLimits.LOGIN);
      throw new RateLimited(wait);
    }
  }

  /** Seconds this address still waits because the account is failing from many addresses. */
  private long accountDelaySeconds(String email, String pair) {
    int failures = failuresByAccount.count(email);
    long last = failuresByPair.lastMillis(pair);
    if (failures < failuresPerAccount || last == 0) {
      return 0;
    }
    long delay = Math.min(windowMillis, 1000L << Math.min(failures - failuresPerAccount, MAX_DOUBLINGS));
    long remaining = last + delay - clock.millis();
    return remaining <= 0 ? 0 : (remaining + 999) / 1000;
  }

  void recordLoginFailure(String email, String address) {
    metrics.authFailure("bad_credentials");
    failuresByPair.record(pair(email, address));
    failuresByAccount.record(email);
    failuresByAddress.record(address);
  }

  /** The owner got in from here: this address starts afresh for the account. */
  void recordLoginSuccess(String email, String address) {
    failuresByPair.reset(pair(email, address));
  }

  /** Emails hold no whitespace (AccountRules), so the space cannot make two pairs collide. */
  private static String pair(String email, String address) {
    return email + " " + address;
  }

  /** Guests joining by invite count as sign-ups: both create a user row. */
  public void checkSignup(String address) {
    long wait = signupsByAddress.retryAfterSeconds(address);
    if (wait > 0) {
      metrics.rateLimited(RateLimits.SIGNUP);
      throw new RateLimited(wait);
    }
  }

  public void recordSignup(String address) {
    signupsByAddress.record(address);
  }
}

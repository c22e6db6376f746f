package io.podster.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts events per key in a fixed window. Kept per node: a determined attacker spread across
 * nodes gets N times the budget, which is still far below what brute force needs.
 */
public final class RateLimiter {
  private static final int PRUNE_EVERY = 1024;
  private final int limit;
  private final long windowMillis;
  private final Clock clock;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();
  /** Atomic: the API is served on every event loop of the node, so two loops may record at once. */
  private final AtomicInteger sincePrune = new AtomicInteger();

  public RateLimiter(int limit, Duration window, Clock clock) {
    this.limit = limit;
    this.windowMillis = window.toMillis();
    this.clock = clock;
  }

  private record Window(long start, int count, long last) {}

  /** Seconds until {@code key} may act again, or 0 when it is under the limit. */
  public long retryAfterSeconds(String key) {
    long now = clock.millis();
    Window w = windows.get(key);
    if (w == null || now - w.start >= windowMillis || w.count < limit) {
      return 0;
    }
    return Math.max(1, (w.start + windowMillis - now + 999) / 1000);
  }

  /** Events of {@code key} in its current window. */
  public int count(String key) {
    Window w = windows.get(key);
    return w == null || clock.millis() - w.start >= windowMillis ? 0 : w.count;
  }

  /** When {@code key}'s latest event in its current window happened; 0 without one. */
  public long lastMillis(String key) {
    Window w = windows.get(key);
    return w == null || clock.millis() - w.start >= windowMillis ? 0 : w.last;
  }

  public void record(String key) {
    long now = clock.millis();
    windows.merge(
        key,
        new Window(now, 1, now),
        (old, fresh) -> now - old.start >= windowMillis ? fresh : new Window(old.start, old.count + 1, now));
    if (sincePrune.incrementAndGet() % PRUNE_EVERY == 0) {
      windows.values().removeIf(w -> now - w.start >= windowMillis);
    }
  }

  public void reset(String key) {
    windows.remove(key);
  }
}

package io.podster.signaling;

/** A token bucket per socket: {@code perSecond} messages a second on average, bursts up to {@code burst}. */
final class SocketRateLimit {
  private final double perSecond;
  private final double burst;
  private double tokens;
  private long last;

  SocketRateLimit(double perSecond, double burst, long nowMillis) {
    this.perSecond = perSecond;
    this.burst = burst;
    this.tokens = burst;
    this.last = nowMillis;
  }

  /** Takes one token; false when the socket is over its budget. */
  boolean allow(long nowMillis) {
    tokens = Math.min(burst, tokens + (nowMillis - last) * perSecond / 1000.0);
    last = nowMillis;
    if (tokens < 1) {
      return false;
    }
    tokens -= 1;
    return true;
  }
}

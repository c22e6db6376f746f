package io.podster.metrics;

import io.podster.telemetry.ConnectionQuality;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the capabilities report about themselves. Each node builds one and passes it to the parts
 * that count; {@link #NONE} counts nothing (unit tests, tools).
 */
public interface PodsterMetrics {
  PodsterMetrics NONE = new PodsterMetrics() {};

  /** A signaling message of this {@code type} was accepted from a socket and handed on. */
  default void messageRelayed(String type) {}

  /** A message sent by a peer on another node arrived here after {@code millis}. */
  default void crossNodeLatency(long millis) {}

  default void presigned(int parts) {}

  default void uploadCreated() {}

  default void uploadCompleted(long bytes) {}

  default void uploadAborted() {}

  /** A sign-in attempt failed ({@code reason}: {@code bad_credentials}, …). */
  default void authFailure(String reason) {}

  /** A request or socket was refused by a rate limit ({@code limit}: {@code login}, {@code signup}, …). */
  default void rateLimited(String limit) {}

  /** A browser's call-quality summary was accepted: one entry per peer connection. */
  default void callQuality(List<ConnectionQuality> connections) {}

  /** A {@code call-stats} message was refused ({@code reason}: {@code invalid}, {@code too_frequent}). */
  default void callStatsRejected(String reason) {}

  /** A value read at scrape time, on the thread that scrapes. */
  default void gauge(String name, String help, Supplier<Number> value) {}
}

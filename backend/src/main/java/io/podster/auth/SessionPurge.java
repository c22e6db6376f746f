package io.podster.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes expired session rows now and then: they are never honoured again, and kept they only
 * grow the table (and what a leaked backup tells). Every node may run it; the DELETE is idempotent.
 */
public final class SessionPurge {
  private static final Logger log = LoggerFactory.getLogger(SessionPurge.class);
  private final Vertx vertx;
  private final SessionRepository sessions;
  private final Clock clock;

  public SessionPurge(Vertx vertx, Pool pool, Clock clock) {
    this.vertx = vertx;
    this.sessions = new SessionRepository(pool);
    this.clock = clock;
  }

  /** Purges every {@code period}; returns the timer id. */
  public long schedule(Duration period) {
    return vertx.setPeriodic(
        period.toMillis(), id -> purge().onFailure(e -> log.warn("expired session purge failed: {}", e.toString())));
  }

  /** One purge; how many rows went. */
  public Future<Integer> purge() {
    return sessions
        .deleteExpired(clock.millis())
        .onSuccess(n -> {
          if (n > 0) {
            log.info("purged expired sessions count={}", n);
          }
        });
  }
}

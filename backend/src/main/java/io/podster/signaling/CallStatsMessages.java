package io.podster.signaling;

import io.podster.metrics.PodsterMetrics;
import io.podster.telemetry.CallStatsReader;
import io.podster.telemetry.ConnectionQuality;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * {@code call-stats} from a joined peer: checked ({@link CallStatsReader}), at most one accepted
 * per socket every {@link #MIN_INTERVAL_MS} (browsers send one about every 10 s), and handed to the
 * metrics. No answer on success; a refused one answers {@code error} and counts nothing. The
 * room and the peer are deliberately not passed on: the series carry no per-user labels.
 */
final class CallStatsMessages {
  static final long MIN_INTERVAL_MS = 5_000;
  private final PodsterMetrics metrics;
  private final Clock clock;
  /**
   * When each socket's last summary was accepted. Only this class reads or writes it, on the
   * sockets' event loop; a closed socket's entry goes with its {@link SocketSession}.
   */
  private final Map<SocketSession, Long> lastAccepted = new WeakHashMap<>();

  CallStatsMessages(PodsterMetrics metrics, Clock clock) {
    this.metrics = metrics;
    this.clock = clock;
  }

  Future<Void> receive(SocketSession c, JsonObject m) {
    long now = clock.millis();
    Long last = lastAccepted.get(c);
    if (last != null && now - last < MIN_INTERVAL_MS) {
      metrics.callStatsRejected("too_frequent");
      throw new SignalError(
          "rate_limited", "Send call-stats at most once every " + MIN_INTERVAL_MS / 1000 + " seconds.");
    }
    List<ConnectionQuality> connections;
    try {
      connections = CallStatsReader.read(m);
    } catch (CallStatsReader.Invalid e) {
      metrics.callStatsRejected("invalid");
      throw SignalError.badMessage(e.getMessage());
    }
    lastAccepted.put(c, now);
    metrics.callQuality(connections);
    return Future.succeededFuture();
  }
}

package io.podster.telemetry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code podster_call_*} series: histograms and counters of what browsers report about their
 * calls. The only label is how media flows ({@code candidate}: host, srflx, relay; bitrates also
 * {@code direction}), never a user, room or peer, so the number of series is fixed. Buckets are few
 * and fixed (no percentile histogram) for the same reason. Every series exists from the start and
 * reads 0 on dashboards until the first call. Delays are timers and loss is in percent because a
 * Micrometer summary files a value under the bucket of its ceiling: only whole-number bucket
 * bounds (nanoseconds, percent, bits per second) place values exactly.
 */
public final class CallQualityMeters {
  private static final Duration[] RTT = millis(10, 25, 50, 100, 150, 200, 300, 500, 1000, 2000);
  private static final Duration[] JITTER = millis(2, 5, 10, 20, 30, 50, 100, 200);
  private static final double[] LOSS_PERCENT = {1, 2, 3, 5, 10, 20, 50};
  private static final double[] BITS_PER_SECOND = {32e3, 64e3, 128e3, 256e3, 512e3, 1e6, 1.5e6, 2.5e6, 4e6, 8e6};
  /** Set once in the constructor, read-only afterwards: safe from any thread. */
  private final Map<String, PerCandidate> byCandidate = new HashMap<>();
  private final Counter invalid;
  private final Counter tooFrequent;

  private record PerCandidate(
      Counter reports,
      Counter observed,
      Timer rtt,
      Timer jitter,
      DistributionSummary loss,
      DistributionSummary send,
      DistributionSummary receive,
      Counter frames,
      Counter freeze) {}

  public CallQualityMeters(MeterRegistry registry) {
    for (String c : CallStatsReader.CANDIDATES) {
      byCandidate.put(
          c,
          new PerCandidate(
              Counter.builder("podster.call.reports").tag("candidate", c)
                  .description("Peer connections' call-quality summaries accepted from browsers").register(registry),
              Counter.builder("podster.call.observed").tag("candidate", c).baseUnit("seconds")
                  .description("Connection time the accepted summaries cover").register(registry),
              delay(registry, "podster.call.rtt", c, "Round-trip time per connection summary", RTT),
              delay(registry, "podster.call.jitter", c, "Incoming jitter (the worst stream) per connection summary", JITTER),
              DistributionSummary.builder("podster.call.packet.loss").tag("candidate", c).baseUnit("percent")
                  .description("Incoming packets lost, in percent, per connection summary")
                  .serviceLevelObjectives(LOSS_PERCENT).register(registry),
              bitrate(registry, c, "send"),
              bitrate(registry, c, "receive"),
              Counter.builder("podster.call.frames.decoded").tag("candidate", c)
                  .description("Video frames browsers decoded from their peers").register(registry),
              Counter.builder("podster.call.freeze").tag("candidate", c).baseUnit("seconds")
                  .description("Time incoming videos were frozen").register(registry)));
    }
    invalid = rejected(registry, "invalid");
    tooFrequent = rejected(registry, "too_frequent");
  }

  private static Duration[] millis(long... ms) {
    return Arrays.stream(ms).mapToObj(Duration::ofMillis).toArray(Duration[]::new);
  }

  private static Timer delay(MeterRegistry r, String name, String candidate, String help, Duration[] buckets) {
    return Timer.builder(name).tag("candidate", candidate).description(help).serviceLevelObjectives(buckets).register(r);
  }

  private static Duration seconds(double s) {
    return Duration.ofNanos(Math.round(s * 1e9));
  }

  private static DistributionSummary bitrate(MeterRegistry r, String candidate, String direction) {
    return DistributionSummary.builder("podster.call.bitrate").tag("candidate", candidate).tag("direction", direction)
        .baseUnit("bits.per.second").description("Media bitrate per connection summary, sent or received")
        .serviceLevelObjectives(BITS_PER_SECOND).register(r);
  }

  private static Counter rejected(MeterRegistry r, String reason) {
    return Counter.builder("podster.call.stats.rejected").tag("reason", reason)
        .description("call-stats messages refused (invalid, or sooner than the socket's limit)").register(r);
  }

  public void record(List<ConnectionQuality> connections) {
    for (ConnectionQuality q : connections) {
      PerCandidate m = byCandidate.get(q.candidate());
      m.reports.increment();
      m.observed.increment(q.seconds());
      if (q.rttSeconds() != null) {
        m.rtt.record(seconds(q.rttSeconds()));
      }
      if (q.jitterSeconds() != null) {
        m.jitter.record(seconds(q.jitterSeconds()));
      }
      if (q.lossRatio() != null) {
        m.loss.record(q.lossRatio() * 100);
      }
      m.send.record(q.sendBitsPerSecond());
      m.receive.record(q.receiveBitsPerSecond());
      m.frames.increment(q.framesDecoded());
      if (q.freezeSeconds() != null) {
        m.freeze.increment(q.freezeSeconds());
      }
    }
  }

  /** {@code reason}: {@code invalid} or {@code too_frequent}. */
  public void rejected(String reason) {
    ("invalid".equals(reason) ? invalid : tooFrequent).increment();
  }
}

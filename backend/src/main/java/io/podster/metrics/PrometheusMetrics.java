package io.podster.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.podster.telemetry.CallQualityMeters;
import io.podster.telemetry.ConnectionQuality;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The node's metrics in one Prometheus registry: Vert.x's own (HTTP, event bus, pools; through
 * vertx-micrometer-metrics), JVM and process series, and the {@code podster_*} series below.
 * One per node, so several nodes in one JVM (tests) keep separate counts.
 */
public final class PrometheusMetrics implements PodsterMetrics, AutoCloseable {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final Timer crossNode;
  private final Map<String, Counter> messageCounters = new ConcurrentHashMap<>();
  private final Counter presigns;
  private final Counter created;
  private final Counter completed;
  private final Counter aborted;
  private final Counter bytes;
  private final CallQualityMeters calls;

  /** @param messageTypes the signaling message types, whose counters read 0 from the start */
  public PrometheusMetrics(java.util.List<String> messageTypes) {
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    crossNode =
        Timer.builder("podster.relay.cross.node")
            .description("Time from a peer's message leaving one node to its arrival on another")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(5))
            .register(registry);
    presigns = Counter.builder("podster.presigned.parts").description("Part upload URLs presigned").register(registry);
    created = uploads("created");
    completed = uploads("completed");
    aborted = uploads("aborted");
    bytes = Counter.builder("podster.upload.completed.bytes").description("Bytes in completed recordings").baseUnit("bytes").register(registry);
    calls = new CallQualityMeters(registry);
    // Series that exist from the start read 0 on dashboards instead of "no data".
    for (String type : messageTypes) {
      messages(type);
    }
    authFailures("bad_credentials");
    for (String limit : RateLimits.ALL) {
      rateLimits(limit);
    }
  }

  private Counter messages(String type) {
    return Counter.builder("podster.signaling.messages").tag("type", type).description("Signaling messages accepted and relayed, by type").register(registry);
  }

  private Counter authFailures(String reason) {
    return Counter.builder("podster.auth.failures").tag("reason", reason).description("Failed sign-ins").register(registry);
  }

  private Counter rateLimits(String limit) {
    return Counter.builder("podster.rate.limited").tag("limit", limit).description("Requests and sockets refused by a rate limit").register(registry);
  }

  private Counter uploads(String outcome) {
    return Counter.builder("podster.uploads").tag("outcome", outcome).description("Multipart recording uploads by outcome").register(registry);
  }

  /** For vertx-micrometer-metrics, so Vert.x's series land in the same registry. */
  public MeterRegistry registry() {
    return registry;
  }

  /** The Prometheus text exposition. */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void messageRelayed(String type) {
    // Building and registering a meter id costs more than relaying the message: look it up once.
    messageCounters.computeIfAbsent(type, this::messages).increment();
  }

  @Override
  public void crossNodeLatency(long millis) {
    crossNode.record(Duration.ofMillis(Math.max(0, millis)));
  }

  @Override
  public void presigned(int parts) {
    presigns.increment(parts);
  }

  @Override
  public void uploadCreated() {
    created.increment();
  }

  @Override
  public void uploadCompleted(long size) {
    completed.increment();
    bytes.increment(size);
  }

  @Override
  public void uploadAborted() {
    aborted.increment();
  }

  @Override
  public void authFailure(String reason) {
    authFailures(reason).increment();
  }

  @Override
  public void rateLimited(String limit) {
    rateLimits(limit).increment();
  }

  @Override
  public void callQuality(List<ConnectionQuality> connections) {
    calls.record(connections);
  }

  @Override
  public void callStatsRejected(String reason) {
    calls.rejected(reason);
  }

  @Override
  public void gauge(String name, String help, Supplier<Number> value) {
    Gauge.builder(name, () -> {
          try {
            return value.get();
          } catch (RuntimeException e) {
            return Double.NaN;
          }
        })
        .description(help)
        .register(registry);
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}

package io.podster.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.podster.metrics.Series;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CallQualityMetersTest {
  static ConnectionQuality quality(String candidate, Double rtt) {
    return new ConnectionQuality(candidate, 10, rtt, 0.004, 0.015, 1_500_000, 800_000, 200, 0.25);
  }

  static long seriesLines(String text) {
    return text.lines().filter(l -> l.startsWith("podster_call_")).count();
  }

  static double value(String text, String series) {
    assertTrue(text.contains(series + " "), series + " is not exposed");
    return Series.value(text, series);
  }

  @Test
  @DisplayName("histograms and counters land in fixed buckets labelled only by candidate type (and direction)")
  void fixedSeries() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    CallQualityMeters meters = new CallQualityMeters(registry);
    String empty = registry.scrape();
    assertEquals(0, value(empty, "podster_call_reports_total{candidate=\"relay\"}"), "series exist before the first call");

    meters.record(List.of(quality("host", 0.042), quality("relay", 0.180), quality("relay", null)));
    String text = registry.scrape();
    assertEquals(seriesLines(empty), seriesLines(text), "recording adds no series");
    assertEquals(1, value(text, "podster_call_reports_total{candidate=\"host\"}"));
    assertEquals(2, value(text, "podster_call_reports_total{candidate=\"relay\"}"));
    assertEquals(20, value(text, "podster_call_observed_seconds_total{candidate=\"relay\"}"));
    // the unmeasured round trip is left out of the histogram, not counted as 0
    assertEquals(1, value(text, "podster_call_rtt_seconds_count{candidate=\"relay\"}"));
    assertEquals(0, value(text, "podster_call_rtt_seconds_bucket{candidate=\"relay\",le=\"0.15\"}"));
    assertEquals(1, value(text, "podster_call_rtt_seconds_bucket{candidate=\"relay\",le=\"0.2\"}"));
    assertEquals(1, value(text, "podster_call_rtt_seconds_bucket{candidate=\"host\",le=\"0.05\"}"));
    assertEquals(0, value(text, "podster_call_rtt_seconds_bucket{candidate=\"host\",le=\"0.025\"}"));
    assertEquals(0.222, value(text, "podster_call_rtt_seconds_sum{candidate=\"host\"}") + value(text, "podster_call_rtt_seconds_sum{candidate=\"relay\"}"), 1e-9);
    assertEquals(3_000_000, value(text, "podster_call_bitrate_bits_per_second_sum{candidate=\"relay\",direction=\"send\"}"));
    assertEquals(2, value(text, "podster_call_bitrate_bits_per_second_bucket{candidate=\"relay\",direction=\"receive\",le=\"1000000.0\"}"));
    assertEquals(400, value(text, "podster_call_frames_decoded_total{candidate=\"relay\"}"));
    assertEquals(0.5, value(text, "podster_call_freeze_seconds_total{candidate=\"relay\"}"));
    assertEquals(3, value(text, "podster_call_packet_loss_percent_count{candidate=\"relay\"}") + value(text, "podster_call_packet_loss_percent_count{candidate=\"host\"}"));
    assertEquals(0, value(text, "podster_call_packet_loss_percent_bucket{candidate=\"relay\",le=\"1.0\"}"), "1.5 % is over 1 %");
    assertEquals(2, value(text, "podster_call_packet_loss_percent_bucket{candidate=\"relay\",le=\"2.0\"}"));
    assertEquals(2, value(text, "podster_call_jitter_seconds_bucket{candidate=\"relay\",le=\"0.005\"}"));
    assertEquals(0, value(text, "podster_call_jitter_seconds_bucket{candidate=\"relay\",le=\"0.002\"}"));
    assertEquals(3, value(text, "podster_call_jitter_seconds_count{candidate=\"relay\"}") + value(text, "podster_call_jitter_seconds_count{candidate=\"host\"}"));
    meters.rejected("invalid");
    meters.rejected("too_frequent");
    meters.rejected("too_frequent");
    text = registry.scrape();
    assertEquals(1, value(text, "podster_call_stats_rejected_total{reason=\"invalid\"}"));
    assertEquals(2, value(text, "podster_call_stats_rejected_total{reason=\"too_frequent\"}"));
    assertTrue(text.lines().filter(l -> l.startsWith("podster_call_")).noneMatch(l -> l.contains("room") || l.contains("user") || l.contains("peer")));
    registry.close();
  }
}

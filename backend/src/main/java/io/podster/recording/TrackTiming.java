package io.podster.recording;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Where a track sits on the server's clock, as its recorder measured it: the offset of its first
 * sample from the take's start, the clock estimate that offset was computed with, and for lossless
 * audio its sample count and rate against the server's clock and where it put in silence for lost
 * input ({@code fills}, in track order). Fields a recorder did not measure are null.
 */
public record TrackTiming(
    long offsetMs, double clockOffsetMs, double clockUncertaintyMs, Integer sampleRate, Long samples, Double driftPpm, List<Fill> fills) {
  /** The manifest's per-track fields (only added, never replacing the track's others). */
  void addTo(JsonObject track, String kind) {
    track.put("clockOffsetMs", clockOffsetMs).put("clockUncertaintyMs", clockUncertaintyMs);
    if (Recording.AUDIO.equals(kind)) {
      track.put("sampleRate", sampleRate).put("samples", samples).put("driftPpm", driftPpm).put("fills", fillsJson(fills));
    }
  }

  /** The manifest's {@code fills}: {@code [{atMs, ms}, …]}, or null when the recorder did not say. */
  private static JsonArray fillsJson(List<Fill> fills) {
    return fills == null ? null : new JsonArray(fills.stream().map(Fill::toJson).toList());
  }
}

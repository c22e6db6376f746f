package io.podster.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podster.domain.Invalid;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The {@code timing.fills} a lossless recorder sends with complete, read without a server. */
class TimingFieldTest {
  static final long STARTED_AT = 1_764_000_000_000L;
  static final Take TAKE = new Take("t1", "r1", "u1", STARTED_AT, null);
  static final long NOW = STARTED_AT + 60_000;

  /** 10 s at 48 kHz, begun 3 s into the take. */
  static JsonObject audio(Object fills) {
    JsonObject t = new JsonObject().put("firstSampleAt", STARTED_AT + 3000).put("clockOffsetMs", -12.5).put("clockUncertaintyMs", 0.8)
        .put("sampleRate", 48_000).put("samples", 480_000);
    return fills == null ? t : t.put("fills", fills);
  }

  static JsonArray pairs(double... atAndMs) {
    JsonArray a = new JsonArray();
    for (int i = 0; i < atAndMs.length; i += 2) {
      a.add(new JsonArray().add(atAndMs[i]).add(atAndMs[i + 1]));
    }
    return a;
  }

  static TrackTiming read(JsonObject timing, String kind) {
    return TimingField.read(new JsonObject().put("timing", timing), kind, TAKE, NOW);
  }

  /** Refused as invalid_field, with a message holding each of {@code words}. */
  static void refused(JsonObject timing, String kind, String... words) {
    Invalid e = assertThrows(Invalid.class, () -> read(timing, kind), timing.encode());
    assertEquals("invalid_field", e.code());
    for (String w : words) {
      assertTrue(e.getMessage().contains(w), "'" + e.getMessage() + "' should say " + w);
    }
  }

  @Test
  @DisplayName("fills are kept in order with their decimals; an adjacent one and one ending at the track's end are fine")
  void good() {
    List<Fill> fills = read(audio(pairs(0, 12.5, 2286.1, 40.2, 2326.3, 7, 9_990.4, 9.6)), Recording.AUDIO).fills();
    assertEquals(List.of(new Fill(0, 12.5), new Fill(2286.1, 40.2), new Fill(2326.3, 7), new Fill(9_990.4, 9.6)), fills);
  }

  @Test
  @DisplayName("the page's 0.1 ms rounding is allowed for: 0.5 ms of overlap, 1 ms past the end")
  void rounding() {
    assertEquals(2, read(audio(pairs(100, 20.1, 119.7, 5)), Recording.AUDIO).fills().size());
    assertEquals(1, read(audio(pairs(9_000, 1000.9)), Recording.AUDIO).fills().size());
    refused(audio(pairs(100, 20.1, 119.5, 5)), Recording.AUDIO, "fills[1]", "119.5", "120.1", "overlap");
    refused(audio(pairs(9_000, 1001.1)), Recording.AUDIO, "fills[0]", "10001.1", "10000", "within the track");
  }

  @Test
  @DisplayName("no fills sent is not known (null); an empty array is none lost")
  void absentOrEmpty() {
    assertNull(read(audio(null), Recording.AUDIO).fills());
    assertNull(read(audio(null).putNull("fills"), Recording.AUDIO).fills());
    assertEquals(List.of(), read(audio(new JsonArray()), Recording.AUDIO).fills());
  }

  @Test
  @DisplayName("malformed fills: not an array, a pair of the wrong size, non-numbers, NaN, infinity")
  void malformed() {
    refused(audio("0:12"), Recording.AUDIO, "'timing.fills' must be an array of [atMs, ms] pairs");
    refused(audio(new JsonObject().put("atMs", 0).put("ms", 5)), Recording.AUDIO, "must be an array");
    refused(audio(new JsonArray().add(new JsonObject().put("atMs", 0).put("ms", 5))), Recording.AUDIO, "fills[0]", "[atMs, ms] pair");
    refused(audio(new JsonArray().add(new JsonArray().add(10))), Recording.AUDIO, "fills[0]", "pair of finite numbers");
    refused(audio(new JsonArray().add(new JsonArray().add(10).add(5).add(1))), Recording.AUDIO, "fills[0]", "pair");
    refused(audio(pairs(0, 5).add(new JsonArray().add("100").add(5))), Recording.AUDIO, "fills[1]", "finite numbers");
    refused(audio(new JsonArray().add(new JsonArray().add(100).add((Object) null))), Recording.AUDIO, "fills[0]");
    refused(audio(pairs(Double.NaN, 5)), Recording.AUDIO, "fills[0]", "finite numbers");
    refused(audio(pairs(10, Double.POSITIVE_INFINITY)), Recording.AUDIO, "fills[0]", "finite numbers");
  }

  @Test
  @DisplayName("a fill beginning before the track, of no or negative length, or out of order answers what is wrong")
  void outOfRange() {
    refused(audio(pairs(-5, 10)), Recording.AUDIO, "fills[0]", "-5", "cannot be negative");
    refused(audio(pairs(0, 5, 100, 0)), Recording.AUDIO, "fills[1]", "lasts 0 ms", "more than 0");
    refused(audio(pairs(100, -2.5)), Recording.AUDIO, "fills[0]", "-2.5", "more than 0");
    refused(audio(pairs(100, 50, 120, 10)), Recording.AUDIO, "fills[1]", "before the fill ahead of it ends at 150", "overlap");
    refused(audio(pairs(500, 10, 100, 10)), Recording.AUDIO, "fills[1]", "track order");
    refused(audio(pairs(9_999, 5)), Recording.AUDIO, "fills[0]", "ends at 10004", "track's end at 10000");
  }

  @Test
  @DisplayName("more than 10,000 fills are refused, 10,000 are kept")
  void oversized() {
    JsonArray most = new JsonArray();
    for (int i = 0; i < TimingField.MAX_FILLS; i++) {
      most.add(new JsonArray().add(i * 0.9).add(0.5));
    }
    assertEquals(TimingField.MAX_FILLS, read(audio(most), Recording.AUDIO).fills().size());
    refused(audio(most.copy().add(new JsonArray().add(9_500).add(0.5))), Recording.AUDIO, "10001", "at most 10000");
  }

  @Test
  @DisplayName("fills without sampleRate and samples, or on a camera track, are refused")
  void needsAudioLength() {
    JsonObject noLength = audio(pairs(0, 5));
    noLength.remove("sampleRate");
    noLength.remove("samples");
    refused(noLength, Recording.AUDIO, "'timing.fills' needs 'timing.sampleRate' and 'timing.samples'");
    JsonObject noSamples = audio(pairs(0, 5));
    noSamples.remove("samples");
    refused(noSamples, Recording.AUDIO, "needs 'timing.sampleRate' and 'timing.samples'");
    JsonObject camera = audio(null);
    camera.remove("sampleRate");
    camera.remove("samples");
    refused(camera.copy().put("fills", pairs(0, 5)), "camera", "'fills' are for audio tracks only");
    refused(camera.copy().put("fills", new JsonArray()), "camera", "audio tracks only");
    assertNull(read(camera, "camera").sampleRate());
  }
}

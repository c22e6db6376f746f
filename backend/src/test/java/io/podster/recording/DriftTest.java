package io.podster.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DriftTest {
  static final double T0 = 1_764_000_000_000.0;

  static List<Drift.Mark> marks(int rate, double ppm, int count, double everyMs, double jitterMs, long seed) {
    Random random = new Random(seed);
    List<Drift.Mark> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      double t = i * everyMs;
      long samples = Math.round(t / 1000 * rate * (1 + ppm / 1e6));
      // A mark is stamped when the page hears of the block: late by up to the jitter, never early.
      out.add(new Drift.Mark(T0 + t + random.nextDouble() * jitterMs, samples));
    }
    return out;
  }

  @Test
  @DisplayName("an exact clock gives 0 ppm; a fast or slow one its ppm, to a tenth")
  void exact() {
    assertEquals(0.0, Drift.ppm(marks(48_000, 0, 60, 10_000, 0, 1), 48_000));
    assertEquals(120.0, Drift.ppm(marks(48_000, 120, 60, 10_000, 0, 1), 48_000));
    assertEquals(-35.5, Drift.ppm(marks(44_100, -35.5, 360, 10_000, 0, 1), 44_100), 0.11);
  }

  @Test
  @DisplayName("marks stamped up to 20 ms late over an hour still give the drift within 10 ppm")
  void jitter() {
    Double ppm = Drift.ppm(marks(48_000, 50, 360, 10_000, 20, 7), 48_000);
    assertEquals(50, ppm, 10);
  }

  @Test
  @DisplayName("a 12 s take whose marks a busy page stamped up to 300 ms late gives the drift within 1,000 ppm")
  void busyPage() {
    Random random = new Random(3);
    List<Drift.Mark> marks = new ArrayList<>();
    for (int i = 0; i <= 12; i++) {
      double t = i * 1000.0;
      // most blocks heard of within 5 ms, one in three late by up to 300 ms
      double late = random.nextDouble() < 0.33 ? random.nextDouble() * 300 : random.nextDouble() * 5;
      marks.add(new Drift.Mark(T0 + t + late, Math.round(t / 1000 * 44_100 * (1 + 200 / 1e6))));
    }
    assertEquals(200, Drift.ppm(marks, 44_100), 1_000);
  }

  @Test
  @DisplayName("too few marks or too short a span give no figure rather than noise")
  void tooLittle() {
    assertNull(Drift.ppm(List.of(), 48_000));
    assertNull(Drift.ppm(marks(48_000, 0, 2, 10_000, 0, 1), 48_000));
    assertNull(Drift.ppm(marks(48_000, 0, 5, 1_000, 0, 1), 48_000));
  }
}

package io.podster.signaling.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LoadMedianTest {
  private static Load.Result delivered(double perSecond) {
    return new Load.Result("m", 1, 0, perSecond, 0, 0, 0, 0);
  }

  @Test
  @DisplayName("a repeated measure reports the middle run, or the mean of the middle two")
  void median() {
    assertEquals(50, Load.median(List.of(delivered(90), delivered(10), delivered(50)), Load.Result::deliveredPerSecond));
    assertEquals(30, Load.median(List.of(delivered(40), delivered(10), delivered(20), delivered(90)), Load.Result::deliveredPerSecond));
    assertEquals(7, Load.median(List.of(delivered(7)), Load.Result::deliveredPerSecond));
  }
}

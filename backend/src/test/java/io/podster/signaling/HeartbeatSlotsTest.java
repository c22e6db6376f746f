package io.podster.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeartbeatSlotsTest {
  @Test
  void everySocketHasExactlyOneTurnPerRoundAndTurnsAreEven() {
    HeartbeatSlots<Integer> beats = new HeartbeatSlots<>();
    for (int i = 0; i < 1000; i++) {
      beats.add(i);
    }
    Map<Integer, Integer> turns = new HashMap<>();
    for (int t = 0; t < HeartbeatSlots.SLOTS; t++) {
      List<Integer> due = beats.nextTurn();
      assertEquals(1000 / HeartbeatSlots.SLOTS, due.size(), "tick " + t);
      due.forEach(s -> turns.merge(s, 1, Integer::sum));
    }
    assertEquals(1000, turns.size());
    assertTrue(turns.values().stream().allMatch(n -> n == 1));
  }

  @Test
  void aRemovedSocketHasNoMoreTurns() {
    HeartbeatSlots<String> beats = new HeartbeatSlots<>();
    beats.add("a");
    beats.add("b");
    beats.remove("a");
    beats.remove("never-added");
    int seen = 0;
    for (int t = 0; t < 2 * HeartbeatSlots.SLOTS; t++) {
      for (String s : beats.nextTurn()) {
        assertEquals("b", s);
        seen++;
      }
    }
    assertEquals(2, seen);
  }
}

package io.podster.signaling;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * This node's sockets in turns for the heartbeat: each tick pings one slot, so every socket is
 * pinged once per round of {@link #SLOTS} ticks. Pinging every socket in one event-loop turn held
 * every signal behind thousands of writes: with 3,000 sockets that was the one-way latency tail,
 * every 5 s, and 20,000 would stall the loop for hundreds of milliseconds. Event-loop use only.
 */
final class HeartbeatSlots<T> {
  static final int SLOTS = 20;
  private final List<Set<T>> slots = new ArrayList<>();
  private final Map<T, Integer> slotOf = new HashMap<>();
  private int nextSlot;
  private int tick;

  HeartbeatSlots() {
    for (int i = 0; i < SLOTS; i++) {
      slots.add(new LinkedHashSet<>());
    }
  }

  /** Takes the next slot in turn, so the slots stay even. */
  void add(T socket) {
    slots.get(nextSlot).add(socket);
    slotOf.put(socket, nextSlot);
    nextSlot = (nextSlot + 1) % SLOTS;
  }

  void remove(T socket) {
    Integer slot = slotOf.remove(socket);
    if (slot != null) {
      slots.get(slot).remove(socket);
    }
  }

  /** The sockets whose turn this tick is (a copy: the caller may remove them). */
  List<T> nextTurn() {
    List<T> due = new ArrayList<>(slots.get(tick));
    tick = (tick + 1) % SLOTS;
    return due;
  }
}

package io.podster.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class KnownPeersRefreshTest {
  @Test
  @DisplayName("a peer half-way to expiry is due for a refresh once; remembering it again restarts its time; unrefreshed it expires")
  void refreshAhead() {
    AtomicLong now = new AtomicLong();
    KnownPeers k = new KnownPeers(now::get);
    k.remember("a", "r1", "node-1", k.epoch());
    assertFalse(k.dueForRefresh("a"));
    now.set(KnownPeers.TTL_NANOS / 2 + 1);
    assertTrue(k.dueForRefresh("a"));
    assertFalse(k.dueForRefresh("a"), "one refresh at a time");
    assertEquals("r1", k.roomOf("a"));
    k.remember("a", "r1", "node-1", k.epoch());
    now.addAndGet(KnownPeers.TTL_NANOS - 1);
    assertEquals("r1", k.roomOf("a"));
    now.addAndGet(2);
    assertNull(k.roomOf("a"));
    assertFalse(k.dueForRefresh("nobody"));
  }
}

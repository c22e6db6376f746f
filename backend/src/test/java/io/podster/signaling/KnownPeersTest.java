package io.podster.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class KnownPeersTest {
  @Test
  @DisplayName("a remembered peer is forgotten on peer-left, with its room, and not remembered from a read a departure overtook")
  void forgetting() {
    KnownPeers k = new KnownPeers();
    k.remember("a", "r1", "node-1", k.epoch());
    k.remember("b", "r1", "node-1", k.epoch());
    k.remember("c", "r2", "node-1", k.epoch());
    assertEquals("r1", k.roomOf("a"));
    k.forget("a");
    assertNull(k.roomOf("a"));
    assertEquals("r1", k.roomOf("b"));
    k.forgetRoom("r1");
    assertNull(k.roomOf("b"));
    assertEquals("r2", k.roomOf("c"));
    long epoch = k.epoch();
    k.forget("someone-else");
    k.remember("d", "r2", "node-1", epoch);
    assertNull(k.roomOf("d"));
  }

  @Test
  @DisplayName("the peers of a node that left are forgotten, the others' node kept")
  void nodeLeft() {
    KnownPeers k = new KnownPeers();
    k.remember("a", "r1", "node-1", k.epoch());
    k.remember("b", "r1", "node-2", k.epoch());
    assertEquals("node-1", k.nodeOf("a"));
    k.forgetNode("node-1");
    assertNull(k.nodeOf("a"));
    assertNull(k.roomOf("a"));
    assertEquals("node-2", k.nodeOf("b"));
    assertEquals("r1", k.roomOf("b"));
  }
}

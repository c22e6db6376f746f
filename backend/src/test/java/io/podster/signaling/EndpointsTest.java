package io.podster.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EndpointsTest {
  @Test
  @DisplayName("every loop's endpoint belongs to its node, a bare node id too, and no other node's")
  void onNode() {
    String node = "6fc0f92d-6634-4509-ad03-8cc89a0920f6";
    assertEquals(node + "/3", Endpoints.of(node, 3));
    assertTrue(Endpoints.onNode(Endpoints.of(node, 0), node));
    assertTrue(Endpoints.onNode(Endpoints.of(node, 63), node));
    assertTrue(Endpoints.onNode(node, node), "an entry written by a node from before loops");
    assertFalse(Endpoints.onNode(node + "0/1", node), "a node whose id only starts the same");
    assertFalse(Endpoints.onNode("other/0", node));
    assertFalse(Endpoints.onNode(null, node));
  }

  @Test
  @DisplayName("a node that left takes the cached peers of all its loops with it, and no other node's")
  void knownPeersForgetEveryLoop() {
    KnownPeers known = new KnownPeers();
    known.remember("a", "room", Endpoints.of("gone", 0), known.epoch());
    known.remember("b", "room", Endpoints.of("gone", 1), known.epoch());
    known.remember("c", "room", Endpoints.of("stays", 1), known.epoch());
    known.forgetNode("gone");
    assertNull(known.nodeOf("a"));
    assertNull(known.nodeOf("b"));
    assertEquals(Endpoints.of("stays", 1), known.nodeOf("c"));
  }

  @Test
  @DisplayName("the node's tally counts a room on two loops once, until its last loop leaves it")
  void tally() {
    NodeTally tally = new NodeTally();
    tally.roomEntered("r");
    tally.roomEntered("r");
    tally.roomEntered("s");
    assertEquals(2, tally.rooms());
    tally.roomLeft("r");
    assertEquals(2, tally.rooms(), "still on one loop");
    tally.roomLeft("r");
    assertEquals(1, tally.rooms());
    tally.socketOpened();
    tally.socketOpened();
    tally.socketClosed();
    assertEquals(1, tally.sockets());
  }
}
